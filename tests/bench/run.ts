// Entry of `npm run bench`: runs the benchmarks and prints their JSON (also saved under bench-results/).
// BENCH_ONLY=probes (probe engine, live path, page weight → probes.json), BENCH_ONLY=scale (scale-out →
// scale.json), BENCH_ONLY=storage (reads that grow with the incident's age → storage.json),
// BENCH_ONLY=hardening (stalled SSE clients, pat() on 1 MB → hardening.json) or BENCH_ONLY=junit (a 5 MB
// JUnit upload against a polled /api/health → junit.json), BENCH_ONLY=notify (1,000 notifications through the
// outbox while probes run → notify.json) or BENCH_ONLY=browser (browser probe runs per minute, CPU and RSS
// per run, server RSS with two browser probes every 30 s for BENCH_BROWSER_MINUTES, default 10 →
// browser.json) or BENCH_ONLY=perf (status read, CPU per probe against a bare loop,
// memory, on both stores → perf.json; tests/bench/perf.ts) or BENCH_ONLY=report (the report of a 12 h
// incident at 2,000 components, the archive with 50 incidents → report.json) or BENCH_ONLY=sse (fan-out to
// 1,000 SSE clients at 200 events/s, before/after with BENCH_SSE_BASELINE → sse.json; tests/bench/sse-load.ts)
// or BENCH_ONLY=render (the status
// page of a 2,000-component incident in Chromium: time to a usable matrix, long tasks, layout shift over 20 s
// of live updates → render.json; tests/bench/render.ts) runs one group; unset runs all.
import { mkdirSync, writeFileSync } from "node:fs";
import { benchBrowserRuns, benchBrowserServerRss } from "./browser";
import { benchFirstLoadJs } from "./first-load";
import { benchFlipToCell } from "./flip";
import { benchPatLoop, benchStalledSse } from "./hardening";
import { benchJUnitUpload } from "./junit";
import { benchGlob } from "./glob";
import { benchNotify } from "./notify";
import { benchBareFetch, benchDeadlines, benchScheduledHttp } from "./probes";
import { benchPerf } from "./perf";
import { benchScale } from "./scale";
import { benchSseLoad } from "./sse-load";
import { benchRender } from "./render";
import { benchReport } from "./report";
import { benchStorageReads } from "./storage";

const seconds = Number(process.env.BENCH_SECONDS ?? 20);
const only = process.env.BENCH_ONLY;
const GROUPS = ["probes", "scale", "storage", "hardening", "junit", "notify", "browser", "perf", "report", "sse", "render"];
if (only && !GROUPS.includes(only)) throw new Error(`BENCH_ONLY=${only}: expected one of ${GROUPS.join(", ")}`);

function save(name: string, report: object): void {
  mkdirSync("bench-results", { recursive: true });
  writeFileSync(`bench-results/${name}.json`, JSON.stringify(report, null, 2));
  console.log(JSON.stringify(report, null, 2));
}

async function probes() {
  const deadlines = await benchDeadlines(20, 300);
  const scheduled = await benchScheduledHttp(500, 5_000, seconds * 1000);
  const bare = await benchBareFetch(100, seconds * 1000);
  const flip = await benchFlipToCell(20);
  const firstLoadJs = await benchFirstLoadJs();
  const patOn1MB = benchGlob();
  save("probes", {
    at: new Date().toISOString(),
    node: process.version,
    deadlines,
    scheduledHttp: scheduled,
    bareFetch: bare,
    flipToCell: flip,
    firstLoadJs,
    patOn1MB,
    cpuRatioToBareFetch: Math.round((scheduled.cpuMsPerProbe / bare.cpuMsPerProbe) * 100) / 100,
    goals: {
      overshootP99Under50ms: deadlines.overshootMs.p99 < 50,
      cpuWithin2xBare: scheduled.cpuMsPerProbe <= 2 * bare.cpuMsPerProbe,
      ranAtLeast99Percent: scheduled.ranPercent >= 99,
      flipP95AtMost1300ms: flip.p95Ms <= 1300,
      firstLoadJsUnder250kB: firstLoadJs.initialUnder250kB,
      patOn1MBUnder50ms: patOn1MB.worstP50Ms < 50,
    },
  });
}

async function scale() {
  const result = await benchScale();
  if ("skipped" in result) return console.log(`scale bench skipped: ${result.skipped}`);
  const { scenarios } = result;
  save("scale", {
    at: new Date().toISOString(),
    node: process.version,
    ...result,
    goals: {
      ranAtLeast99Percent: scenarios.every((scenario) => scenario.probing.ranPercent >= 99),
      everyProbeStoredOnce: scenarios.every((scenario) => scenario.unstoredProbes === 0),
      noMissedSseEvents: scenarios.every(({ sse }) => sse.fanOut.missed === 0 && !sse.fanOut.stoppedEarly),
    },
  });
  for (const { instances, probing, unstoredProbes, status, sse } of scenarios) {
    console.log(
      `scale, ${instances} instance(s): ${probing.probesPerSecond} probes/s (${probing.ranPercent}% of planned, peak ${probing.peakProbesPerSecond}/s, ${unstoredProbes} unstored or duplicate), ` +
        `${probing.cpuMsPerProbe} CPU ms/probe, RSS ${probing.rssMaxMb.join(" + ")} MB; GET /api/status p50 ${status.latency.p50Ms} / p95 ${status.latency.p95Ms} ms; ` +
        `SSE to ${sse.fanOut.clients} clients p50 ${sse.fanOut.p50Ms} / p99 ${sse.fanOut.p99Ms} ms, ${sse.fanOut.missed} missed of ${sse.fanOut.notes} notes${sse.fanOut.stoppedEarly ? " (stopped early: saturated)" : ""}, RSS ${sse.rssMaxMb.join(" + ")} MB`,
    );
  }
}

async function storage() {
  const reads = await benchStorageReads();
  save("storage", { at: new Date().toISOString(), node: process.version, ...reads });
}

async function report() {
  save("report", { at: new Date().toISOString(), node: process.version, ...(await benchReport()) });
}

async function render() {
  const result = await benchRender();
  const live = result.runs.at(-1)?.live;
  save("render", { at: new Date().toISOString(), node: process.version, ...result, goals: { usableP50AtMost1500ms: result.usableMs.p50 <= 1500, liveClsUnder0_01: (live?.cls ?? 1) < 0.01 } });
}

async function hardening() {
  const patLoop = await benchPatLoop();
  const stalledSse = await benchStalledSse();
  save("hardening", {
    at: new Date().toISOString(),
    node: process.version,
    patLoop,
    stalledSse,
    goals: {
      stalledStreamsClosed: stalledSse.stalledClosedByServer === stalledSse.settings.stalledClients,
      rssGrowthUnder100MB: stalledSse.rssMb.max - stalledSse.rssMb.baseline < 100,
    },
  });
}

async function perf() {
  const result = await benchPerf();
  save("perf", {
    at: new Date().toISOString(),
    node: process.version,
    ...result,
    goals: {
      statusP95AtMost50ms: result.runs.every((run) => run.status.p95Ms <= 50),
      embeddedRssAtMost300MB: result.runs.filter((run) => run.store === "embedded").every((run) => run.probing.rssMaxMb <= 300),
      postgresRssAtMost200MB: result.runs.filter((run) => run.store === "postgres").every((run) => run.probing.rssMaxMb <= 200),
      cpuAtMost1_5xFreshLoop: result.ratios.every((ratio) => ratio.toFresh <= 1.5),
    },
  });
  for (const run of result.runs) {
    console.log(
      `perf ${run.store} × ${run.components}: ${run.probing.cpuMsPerProbe}${run.probing.storageCpuMsPerProbe === null ? "" : ` + ${run.probing.storageCpuMsPerProbe} (storage)`} CPU ms/probe, ` +
        `RSS max ${run.probing.rssMaxMb} MB (median ${run.probing.rssMedianMb}); GET /api/status first read ${run.firstReadMs} ms, then p50 ${run.status.p50Ms} / p95 ${run.status.p95Ms} ms; with If-None-Match ${run.revalidated.notModified}/${run.revalidated.requests} 304, p95 ${run.revalidated.p95Ms} ms (load ${run.probing.loadavg.join(" ")})`,
    );
    const server = run.memory.server;
    console.log(
      `  schedule ${run.schedule.probesPerSecond}/${run.schedule.scheduled} probes/s (${run.schedule.holds ? "holds" : "falls behind"}); ` +
        (server
          ? `memory: server ${server.rssMb} MB = V8 heap ${server.v8HeapTotalMb} + PGlite wasm ${server.storageWasmMb === null ? "–" : `${server.storageWasmResidentMb ?? "?"} resident of ${server.storageWasmMb}`} + other external ${server.otherExternalMb} + array buffers ${server.arrayBuffersMb} + file-backed ${server.fileBackedMb} + unexplained ${server.unexplainedMb}; tree ${run.memory.treeRssMb} MB in ${run.memory.processes.length} processes`
          : `memory: tree ${run.memory.treeRssMb} MB (no /api/metrics figures)`),
    );
  }
}

async function sse() {
  const result = await benchSseLoad();
  const after = result.runs.find((run) => run.label === "after")!;
  save("sse", {
    at: new Date().toISOString(),
    node: process.version,
    ...result,
    goals: { noteP99AtMost100ms: after.notes.delay.p99Ms <= 100, componentP99AtMost100ms: after.components.delay.p99Ms <= 100, noNoteMissed: after.notes.missed === 0 },
  });
  for (const run of result.runs) {
    console.log(
      `sse ${run.label}: ${run.clients} clients, ${run.components.probesPerSecond} component events/s + ${run.notes.posted} notes; note delay p50 ${run.notes.delay.p50Ms} / p95 ${run.notes.delay.p95Ms} / p99 ${run.notes.delay.p99Ms} ms, ` +
        `${run.notes.missed} missed, POST p50 ${run.notes.postMs.p50} ms; component delay p99 ${run.components.delay.p99Ms} ms, ${run.components.eventsPerClientPerSecond} events/client/s (${run.components.deliveredPercent}% of probes); ` +
        `instance ${run.instance.cpuCores} cores, RSS ${run.instance.rssMaxMb} MB (load ${run.loadavg.join(" ")})`,
    );
  }
}

async function junit() {
  const result = await benchJUnitUpload();
  save("junit", { at: new Date().toISOString(), node: process.version, ...result, goals: { healthP99Under250msDuringA5MbParse: result.healthDuringUpload.p99Ms < 250 } });
}

async function notify() {
  const result = await benchNotify();
  const once = (run: { delivered: number; requests: number; notifications: number }) => run.delivered === run.notifications && run.requests === run.notifications;
  save("notify", { at: new Date().toISOString(), node: process.version, ...result, goals: { everyNotificationDeliveredOnce: once(result.pglite) && ("skipped" in result.postgres || once(result.postgres)) } });
}

async function browser() {
  const runs = await benchBrowserRuns(seconds);
  const serverRss = await benchBrowserServerRss(Number(process.env.BENCH_BROWSER_MINUTES ?? 10));
  // "Must not grow": the second half's peak stays within 50 MB of the first half's (Chromium's caches settle).
  save("browser", { at: new Date().toISOString(), node: process.version, runs, serverRss, goals: { serverRssDoesNotGrow: serverRss.growthMb < 50 } });
}

if (!only || only === "probes") await probes();
if (!only || only === "scale") await scale();
if (!only || only === "storage") await storage();
if (!only || only === "hardening") await hardening();
if (!only || only === "junit") await junit();
if (!only || only === "notify") await notify();
if (!only || only === "browser") await browser();
if (!only || only === "perf") await perf();
if (!only || only === "report") await report();
if (!only || only === "sse") await sse();
if (!only || only === "render") await render();
