// Bench (live path): time from a lab fault flip to the matrix cell changing in a real browser, through
// probe → judge → store → bus → /api/events → React Query → DOM. One http component probed every 1 s
// (failureThreshold 1, so one failing check flips it) against a lab HTTP target in this process.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser } from "@playwright/test";
import { startHttpTarget } from "@/lib/lab";
import { startInstance } from "../support/instances";
import { ensureBenchBuild } from "./build";
import { percentile } from "./stats";

function configText(url: string): string {
  return `incident: { id: BENCH-1, title: Flip bench, severity: P2, startedAt: 2025-01-01T00:00:00Z }
teams: [{ id: infra, name: Infra }]
defaults: { interval: 1s, timeout: 1s, failureThreshold: 1, successThreshold: 1 }
components:
  - id: flip
    name: Flip target
    group: Bench
    probe: { type: http, url: "${url}" }
    conditions: ["[STATUS] == 200"]
`;
}

/** Debian's Chromium with the flags this machine needs. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking"] });
}

/** Serves the build in NEXT_DIST_DIR (default .next-live, built first if stale) with a 1 s config. */
export async function startServer(url: string, port: number) {
  await ensureBenchBuild();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "handback-bench-flip-"));
  const config = path.join(dataDir, "incident.yaml");
  writeFileSync(config, configText(url));
  const server = await startInstance({ port, env: { HANDBACK_DATA_DIR: dataDir, HANDBACK_CONFIG: config, HANDBACK_TOKENS: "", HANDBACK_LOG: "warn" } });
  const stop = async () => {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  return { baseUrl: server.url, stop };
}

/** Flips the target `flips` times and returns the flip → DOM latency figures in ms (p50, p95, max). */
export async function benchFlipToCell(flips = 20, port = Number(process.env.BENCH_FLIP_PORT ?? 3212)) {
  const target = await startHttpTarget();
  const server = await startServer(target.url("/health"), port);
  const browser = await launchChromium();
  const samples: number[] = [];
  try {
    const page = await browser.newPage();
    await page.goto(server.baseUrl);
    await page.locator('[data-testid="live-indicator"][data-state="live"]').waitFor({ timeout: 30_000 });
    const cell = page.locator('[data-testid="component-flip"]');
    await page.locator('[data-testid="component-flip"][data-status="operational"]').waitFor({ timeout: 30_000 });
    for (let flip = 0; flip < flips; flip++) {
      const expected = flip % 2 === 0 ? "down" : "operational";
      // The browser stamps the change with its own wall clock (same machine): no CDP round trip in the figure.
      const changed = cell.evaluate(
        (node, want) =>
          new Promise<number>((resolve) => {
            const observer = new MutationObserver(() => {
              if (node.getAttribute("data-status") !== want) return;
              observer.disconnect();
              resolve(Date.now());
            });
            observer.observe(node, { attributes: true, attributeFilter: ["data-status"] });
          }),
        expected,
      );
      await new Promise((resolve) => setTimeout(resolve, 50)); // the observer is attached
      const flippedAt = Date.now();
      target.setMode(expected === "down" ? "error" : "ok", { status: 503 });
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`flip ${flip}: cell not ${expected} within 15 s`)), 15_000);
      });
      try {
        samples.push((await Promise.race([changed, timeout])) - flippedAt);
      } finally {
        clearTimeout(timer);
      }
      await new Promise((resolve) => setTimeout(resolve, 300 + Math.random() * 700)); // desynchronise from the probe interval
    }
  } finally {
    await browser.close();
    await server.stop();
    await target.close();
  }
  const round = (value: number) => Math.round(value);
  return { flips, intervalMs: 1000, samplesMs: samples, p50Ms: round(percentile(samples, 50)), p95Ms: round(percentile(samples, 95)), maxMs: round(Math.max(...samples)) };
}

// `node --conditions=react-server --import tsx tests/bench/flip.ts` runs it alone.
if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  console.log(JSON.stringify(await benchFlipToCell(), null, 2));
}
