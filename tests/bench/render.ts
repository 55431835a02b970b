// Bench (render, issue #16 goal 6): the status page of a 2,000-component incident in Chromium.
// One `next start` instance (embedded store) probes N http components every 10 s (200 probes/s at 2,000)
// against a loopback target; every 37th component answers 503 from the start, and every 5 s another
// set starts failing, so statuses move while the page is open. After a warm-up (two rounds, so the
// failing ones are down), Chromium opens `/` in a fresh context (cold cache) several times:
//   usableMs    navigation start → the matrix is usable: the first matrix control in document order
//               (a component card `[data-testid="component-<id>"]`, or a group's toggle in the folded
//               view) is in the viewport and hydrated (React's props are on the node, so a click is
//               handled), and one frame has been painted after that (rAF + task). Measured inside the
//               page on its own clock (performance.now(), origin = navigation start): no CDP round trip.
//   breakdown   ttfbMs, fcpMs, shellHydratedMs (the nav's live indicator hydrated: scripts loaded and
//               ran), statusFetches ([start, end] of each GET /api/status the page made before usable).
//   longTasks   PerformanceObserver 'longtask' entries before usable: count, total, longest.
//   dom         element count and component cards in the DOM at usable; HTML bytes of the document.
// The last navigation then stays open for BENCH_RENDER_LIVE_S (20 s) of live updates:
//   cls         the sum of PerformanceObserver 'layout-shift' values (without recent input) in that
//               window, as Chrome's CLS counts them; long tasks in the window; component events received.
// BENCH_RENDER_DIST serves an existing build folder without rebuilding it (main as found: build it
// first, before any change, e.g. NEXT_DIST_DIR=.next-before npx next build). Load average beside it all.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "@playwright/test";
import { startInstance } from "../support/instances";
import { ensureBenchBuild } from "./build";
import { launchChromium } from "./flip";
import { scaleConfigYaml } from "./scale-target";
import { percentile, round } from "./stats";

const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const settings = () => ({
  components: num("BENCH_RENDER_COMPONENTS", 2000),
  intervalS: 10,
  warmupS: num("BENCH_RENDER_WARMUP_S", 30),
  navigations: num("BENCH_RENDER_NAVIGATIONS", 5),
  liveS: num("BENCH_RENDER_LIVE_S", 20),
  port: num("BENCH_RENDER_PORT", 3480),
  dist: process.env.BENCH_RENDER_DIST,
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const loadavg = () => os.loadavg().map((value) => round(value));

/** A target where component c<i> answers 503 while `i % 37 === shift % 37`, else 200; `shift` moves by one per step. */
async function startShiftingTarget() {
  let shift = 0;
  const server = http.createServer((request, response) => {
    const index = Number((request.url ?? "").replace(/^\/c/, ""));
    response.writeHead(index % 37 === shift % 37 ? 503 : 200, { "content-length": "2" }).end("ok");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    step: () => void shift++,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

/** Runs in the page before any of its scripts: observers, an EventSource counter, and the usable probe. */
function instrumentPage() {
  const state = { usableAt: null as number | null, shellAt: 0, ttfbMs: 0, fcpMs: 0, statusFetches: [] as number[][], shiftSources: [] as string[], longTasks: [] as { at: number; ms: number }[], shifts: [] as { at: number; value: number }[], events: 0, dom: 0, cards: 0 };
  (window as unknown as { __render: typeof state }).__render = state;
  new PerformanceObserver((list) => list.getEntries().forEach((entry) => state.longTasks.push({ at: entry.startTime, ms: entry.duration }))).observe({ type: "longtask", buffered: true });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean; sources?: { node?: Node | null }[] })[]) {
      if (entry.hadRecentInput) continue;
      state.shifts.push({ at: entry.startTime, value: entry.value });
      // What moved, for the report: the nearest test id (or tag) of each source.
      for (const source of entry.sources ?? []) {
        const element = source.node instanceof Element ? source.node : source.node?.parentElement;
        const testId = element?.closest("[data-testid]")?.getAttribute("data-testid");
        state.shiftSources.push(testId ?? `${element?.tagName ?? "?"} "${element?.textContent?.slice(0, 40) ?? ""}" in ${element?.parentElement?.tagName ?? "?"}`);
      }
    }
  }).observe({ type: "layout-shift", buffered: true });
  const Native = window.EventSource;
  window.EventSource = class extends Native {
    constructor(url: string | URL, init?: EventSourceInit) {
      super(url, init);
      this.addEventListener("component", () => void state.events++);
    }
  };
  const hydrated = (node: Element) => Object.keys(node).some((key) => key.startsWith("__reactProps$"));
  const poll = () => {
    // When React took over the page shell (the nav's live indicator is hydrated): scripts loaded and ran.
    const shell = document.querySelector('[data-testid="live-indicator"]');
    if (!state.shellAt && shell && hydrated(shell)) state.shellAt = performance.now();
    const first = document.querySelector('button[data-testid^="component-"][data-status], button[data-testid="group-toggle"]');
    const box = first?.getBoundingClientRect();
    if (first && box && box.top < window.innerHeight && box.height > 0 && hydrated(first)) {
      requestAnimationFrame(() =>
        setTimeout(() => {
          state.usableAt = performance.now();
          state.ttfbMs = (performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined)?.responseStart ?? 0;
          state.fcpMs = performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? 0;
          // The snapshot's own fetch when the page does not embed it: [start, end] of each GET /api/status.
          state.statusFetches = (performance.getEntriesByType("resource") as PerformanceResourceTiming[]).filter((entry) => entry.name.endsWith("/api/status")).map((entry) => [Math.round(entry.startTime), Math.round(entry.responseEnd)]);
          state.dom = document.getElementsByTagName("*").length;
          state.cards = document.querySelectorAll('[data-testid^="component-"][data-status]').length;
        }),
      );
      return;
    }
    requestAnimationFrame(poll);
  };
  requestAnimationFrame(poll);
}

type RenderState = { usableAt: number | null; shellAt: number; ttfbMs: number; fcpMs: number; statusFetches: number[][]; shiftSources: string[]; longTasks: { at: number; ms: number }[]; shifts: { at: number; value: number }[]; events: number; dom: number; cards: number };
const readState = (page: Page) => page.evaluate(() => (window as unknown as { __render: RenderState }).__render);

/** Cumulative layout shift of some entries, to 4 decimals (CLS ≈ 0 is the goal, so 2 would hide it). */
const clsOf = (shifts: { value: number }[]) => Math.round(shifts.reduce((sum, shift) => sum + shift.value, 0) * 10_000) / 10_000;

const tasksSummary = (tasks: { ms: number }[]) => ({ count: tasks.length, totalMs: round(tasks.reduce((sum, task) => sum + task.ms, 0)), longestMs: round(Math.max(0, ...tasks.map((task) => task.ms))) });

/** Opens `/` once in a fresh context; with `liveS`, keeps it open that long and measures layout shift. */
async function navigate(browser: Awaited<ReturnType<typeof launchChromium>>, url: string, liveS: number, step: () => void) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    // tsx compiles with keepNames: the function's source calls __name(), which the page lacks.
    await page.addInitScript({ content: `var __name = (f) => f; (${instrumentPage.toString()})();` });
    const response = await page.goto(url, { waitUntil: "commit" });
    const htmlBytes = (await response?.body())?.length ?? 0;
    await page.waitForFunction(() => (window as unknown as { __render: RenderState }).__render?.usableAt !== null, undefined, { timeout: 60_000, polling: 100 });
    const atUsable = await readState(page);
    const usableAt = atUsable.usableAt!;
    const first = { usableMs: round(usableAt), ttfbMs: round(atUsable.ttfbMs), fcpMs: round(atUsable.fcpMs), shellHydratedMs: round(atUsable.shellAt), statusFetches: atUsable.statusFetches, htmlKb: Math.round(htmlBytes / 1024), dom: atUsable.dom, cards: atUsable.cards, longTasks: tasksSummary(atUsable.longTasks.filter((task) => task.at < usableAt)), loadavg: loadavg() };
    if (liveS === 0) return { ...first, live: null };
    const eventsBefore = atUsable.events;
    const from = usableAt;
    for (let second = 0; second < liveS; second += 5) {
      step();
      await sleep(5_000);
    }
    const after = await readState(page);
    const to = from + liveS * 1000;
    const shifts = after.shifts.filter((shift) => shift.at >= from && shift.at < to);
    const live = {
      seconds: liveS,
      componentEvents: after.events - eventsBefore,
      cls: clsOf(shifts),
      shifts: shifts.length,
      shiftSources: [...new Set(after.shiftSources)].slice(0, 10),
      clsBeforeUsable: clsOf(after.shifts.filter((shift) => shift.at < from)),
      longTasks: tasksSummary(after.longTasks.filter((task) => task.at >= from && task.at < to)),
      loadavg: loadavg(),
    };
    return { ...first, live };
  } finally {
    await context.close();
  }
}

/** Serves the incident, warms it up, then measures `navigations` first renders and one live window. */
export async function benchRender() {
  const config = settings();
  if (config.dist) process.env.NEXT_DIST_DIR = config.dist;
  else await ensureBenchBuild();
  const target = await startShiftingTarget();
  const dir = mkdtempSync(path.join(os.tmpdir(), "handback-bench-render-"));
  const configPath = path.join(dir, "incident.yaml");
  writeFileSync(configPath, scaleConfigYaml({ incidentId: "RENDER-1", targetUrl: target.url, components: config.components, intervalS: config.intervalS }));
  const server = await startInstance({ port: config.port, env: { HANDBACK_CONFIG: configPath, HANDBACK_DATA_DIR: path.join(dir, "data"), HANDBACK_TOKENS: "", HANDBACK_LOG: "warn", DATABASE_URL: undefined, REDIS_URL: undefined } });
  const browser = await launchChromium();
  try {
    await sleep(config.warmupS * 1000);
    const runs = [];
    for (let run = 0; run < config.navigations; run++) {
      runs.push(await navigate(browser, `${server.url}/`, run === config.navigations - 1 ? config.liveS : 0, target.step));
    }
    const usable = runs.map((run) => run.usableMs);
    return {
      settings: { ...config, dist: config.dist ?? process.env.NEXT_DIST_DIR, cpus: os.cpus().length },
      usableMs: { p50: round(percentile(usable, 50)), max: round(Math.max(...usable)), samples: usable },
      runs,
    };
  } finally {
    await browser.close();
    await server.stop();
    await target.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

// `node --conditions=react-server --import tsx tests/bench/render.ts` runs it alone.
if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  console.log(JSON.stringify(await benchRender(), null, 2));
}
