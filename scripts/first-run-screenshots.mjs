#!/usr/bin/env node
// Screenshots of a first run, as the first-run issue asks for them: `npm start`'s script with nothing set
// on a new data dir, then /, /impact, /handback and /timeline at 1280 px and 390 px wide, 5 s and 60 s
// after the server first answered. Needs a build (npm run build) and /usr/bin/chromium (or CHROMIUM_PATH).
//   node scripts/first-run-screenshots.mjs [outDir]      (default: first-run-screens/; PORT default 3000)
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "@playwright/test";

const root = fileURLToPath(new URL("..", import.meta.url));
const out = path.resolve(process.argv[2] ?? "first-run-screens");
const port = process.env.PORT ?? "3000";
const base = `http://127.0.0.1:${port}`;
const PAGES = ["/", "/impact", "/handback", "/timeline"];
const WIDTHS = [1280, 390];
const MOMENTS_S = [5, 60];

mkdirSync(out, { recursive: true });
const dataDir = mkdtempSync(path.join(os.tmpdir(), "handback-screens-"));
const env = { ...process.env, PORT: port, HANDBACK_DATA_DIR: dataDir };
for (const name of ["HANDBACK_TOKENS", "HANDBACK_CONFIG", "DATABASE_URL", "REDIS_URL", "HANDBACK_SCHEDULER"]) delete env[name];
const server = spawn(process.execPath, [path.join(root, "bin", "start.mjs")], { cwd: root, env, detached: true, stdio: "inherit" });
const stop = () => {
  try {
    process.kill(-server.pid, "SIGTERM");
  } catch {
    // already gone
  }
};
process.on("exit", stop);

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
let answeredAt = 0;
for (let tries = 0; tries < 2400 && !answeredAt; tries++) {
  const ok = await fetch(`${base}/api/health`).then((response) => response.ok, () => false);
  if (ok) answeredAt = Date.now();
  else await sleep(250);
}
if (!answeredAt) throw new Error(`no answer on ${base}`);

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
try {
  for (const moment of MOMENTS_S) {
    await sleep(Math.max(0, answeredAt + moment * 1000 - Date.now()));
    // All eight views at once, so that each is taken at the moment, not one after another.
    const shots = WIDTHS.flatMap((width) => PAGES.map((route) => ({ width, route })));
    await Promise.all(
      shots.map(async ({ width, route }) => {
        const page = await browser.newPage({ viewport: { width, height: 900 } });
        await page.goto(`${base}${route}`, { waitUntil: "load" });
        await page.waitForSelector("main", { timeout: 10_000 }).catch(() => {});
        await sleep(1_000); // the live data after hydration
        const name = `${route === "/" ? "status" : route.slice(1)}-${width}px-${moment}s.png`;
        await page.screenshot({ path: path.join(out, name), fullPage: true });
        console.log(`${name}  (${((Date.now() - answeredAt) / 1000).toFixed(1)} s after the first answer)`);
        await page.close();
      }),
    );
  }
} finally {
  await browser.close();
  stop();
  await sleep(2000);
  rmSync(dataDir, { recursive: true, force: true });
}
