// Bench: browser probes (issue #15). (1) In this process: Golden Path runs against the lab's staging app at
// concurrency 2 for BENCH_SECONDS: runs per minute, and CPU seconds and RSS of this process plus its
// Chromium tree per run. (2) A production server probing two browser components every 30 s for
// BENCH_BROWSER_MINUTES (default 10): the server's tree RSS (Chromium included) sampled each interval,
// which must not grow.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { browserStepSchema } from "@/lib/config/browser-steps";
import { startStagingApp } from "@/lib/lab/staging/app";
import { browserPids, closeBrowsers, runProbe } from "@/lib/probes";
import { startInstance } from "../support/instances";
import { treeUsage } from "../support/proc";
import { ensureBenchBuild } from "./build";
import { round } from "./stats";

const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const GOLDEN_PATH = (url: string) => [
  { goto: `${url}/login` },
  { fill: { selector: "#email", value: "qa@example.com" } },
  { fill: { selector: "#password", value: "bench-password" } },
  { click: "button[type=submit]" },
  { waitFor: { text: "Signed in" } },
  { fill: { selector: "#prompt", value: "Summarise my infrastructure" } },
  { click: "#send" },
  { waitFor: { selector: ".ai-response", timeout: "5s" } },
  { expectWebSocket: { urlContains: "/ws", messages: 5 } },
];

/** CPU ms and RSS MB of this process plus the live browsers' trees. */
function usage(): { cpuMs: number; rssMb: number } {
  const own = process.cpuUsage();
  const browsers = browserPids().map((pid) => treeUsage(pid));
  return {
    cpuMs: (own.user + own.system) / 1000 + browsers.reduce((sum, tree) => sum + tree.cpuMs, 0),
    rssMb: process.memoryUsage().rss / 1048576 + browsers.reduce((sum, tree) => sum + tree.rssMb, 0),
  };
}

export async function benchBrowserRuns(seconds: number, concurrency = 2) {
  const app = await startStagingApp();
  const probe = { type: "browser" as const, steps: GOLDEN_PATH(app.url).map((step) => browserStepSchema.parse(step)) };
  const context = { timeoutMs: 15_000, browser: { chromiumPath: CHROMIUM, concurrency } };
  try {
    await runProbe(probe, context); // starts Chromium outside the measurement
    const before = usage();
    let runs = 0;
    let failed = 0;
    let rssMaxMb = before.rssMb;
    const until = Date.now() + seconds * 1000;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (Date.now() < until) {
          const result = await runProbe(probe, context);
          runs += 1;
          if (result.error) failed += 1;
          rssMaxMb = Math.max(rssMaxMb, usage().rssMb);
        }
      }),
    );
    const after = usage();
    return {
      concurrency,
      seconds,
      runs,
      failed,
      runsPerMinute: round((runs / seconds) * 60),
      cpuSecondsPerRun: round((after.cpuMs - before.cpuMs) / 1000 / Math.max(runs, 1)),
      rssMb: { before: round(before.rssMb), max: round(rssMaxMb), after: round(after.rssMb) },
    };
  } finally {
    await closeBrowsers();
    await app.close();
  }
}

export async function benchBrowserServerRss(minutes: number, port = 3391) {
  await ensureBenchBuild();
  const app = await startStagingApp();
  const dir = mkdtempSync(path.join(os.tmpdir(), "handback-bench-browser-"));
  const steps = JSON.stringify(GOLDEN_PATH(app.url));
  const component = (id: string) => `  - { id: ${id}, name: ${id}, probe: { type: browser, steps: ${steps} }, conditions: ["[WS_MESSAGES] == 5"], interval: 30s, timeout: 15s }`;
  writeFileSync(
    path.join(dir, "incident.yaml"),
    ["incident: { id: bench-browser, title: Bench, severity: P1, startedAt: -1h }", "teams: [{ id: dev, name: Dev }]", "components:", component("gp-a"), component("gp-b")].join("\n"),
  );
  const server = await startInstance({ port, env: { HANDBACK_CONFIG: path.join(dir, "incident.yaml"), HANDBACK_DATA_DIR: path.join(dir, "data"), HANDBACK_LOG: "warn", CHROMIUM_PATH: CHROMIUM } });
  const samples: number[] = [];
  try {
    const until = Date.now() + minutes * 60_000;
    while (Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 30_000));
      samples.push(treeUsage(server.pid).rssMb);
    }
  } finally {
    await server.stop();
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const half = Math.max(1, Math.floor(samples.length / 2));
  const firstHalfMax = Math.max(...samples.slice(0, half));
  const secondHalfMax = Math.max(...samples.slice(half));
  return { minutes, samplesMb: samples, firstHalfMaxMb: firstHalfMax, secondHalfMaxMb: secondHalfMax, growthMb: secondHalfMax - firstHalfMax };
}
