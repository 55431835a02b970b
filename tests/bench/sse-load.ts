// Bench (SSE fan-out under load, issue 16 goal 4): one `next start` instance on a scratch PostgreSQL
// database probing 2,000 http components every 10 s (200 component events/s, through the engine as in
// production), 1,000 clients on GET /api/events, and timeline notes posted at 2/s for the measuring window.
// Figures: note delay (just before the POST → the note reaches a client) p50/p95/p99/max over every client,
// notes missed; component delay (probe ended → event reaches one of 20 observer clients); component events
// each client received per second against the probes run (what coalescing saved); the instance tree's CPU
// and max RSS; this process's event-loop delay (its clients can lag too); the load average.
// BENCH_SSE_BASELINE=<another checkout, built or buildable> runs that checkout first, the same way (before/after).
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { createScratchDatabase } from "../support/db-targets";
import { startInstance } from "../support/instances";
import { treeUsage } from "../support/proc";
import { ensureBenchBuild, root } from "./build";
import { startRssSampler, waitReady } from "./scale";
import { scaleConfigYaml, startCountingTarget } from "./scale-target";
import { noteText, openLoadClients } from "./sse-clients";
import { percentile, round } from "./stats";

const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
/** Every knob, from BENCH_SSE_* variables (shorten them for a quick check). */
export const sseLoadSettings = () => ({
  components: num("BENCH_SSE_COMPONENTS", 2_000),
  intervalS: 10,
  clients: num("BENCH_SSE_CLIENTS", 1_000),
  observers: 20,
  notesPerSecond: 2,
  warmupS: num("BENCH_SSE_WARMUP_S", 15),
  measureS: num("BENCH_SSE_MEASURE_S", 40),
  port: num("BENCH_SSE_PORT", 3430),
  baseline: process.env.BENCH_SSE_BASELINE,
  /** A directory: each instance runs with --cpu-prof into DIR/<before|after> (read with tests/bench/profile-top.ts). */
  cpuProfDir: process.env.BENCH_SSE_CPU_PROF,
});
type Settings = ReturnType<typeof sseLoadSettings>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const spread = (samples: number[]) => ({
  samples: samples.length,
  p50Ms: round(percentile(samples, 50)),
  p95Ms: round(percentile(samples, 95)),
  p99Ms: round(percentile(samples, 99)),
  maxMs: round(samples.reduce((max, value) => Math.max(max, value), 0)),
});

/** Posts notes on a fixed schedule of notesPerSecond for measureS (a slow answer does not delay the next). */
async function postNotes(url: string, token: string, settings: Settings, tag: string, postedAt: Map<number, number>) {
  const total = settings.notesPerSecond * settings.measureS;
  const started = Date.now();
  const posts: Promise<number | null>[] = [];
  for (let n = 0; n < total; n++) {
    await sleep(started + (n * 1000) / settings.notesPerSecond - Date.now());
    postedAt.set(n, performance.now());
    const post = fetch(`${url}/api/timeline`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ type: "note", text: noteText(tag, n) }),
      signal: AbortSignal.timeout(10_000),
    });
    const sent = performance.now();
    posts.push(post.then(async (response) => (await response.arrayBuffer(), response.status === 201 ? performance.now() - sent : null)).catch(() => null));
  }
  const answered = (await Promise.all(posts)).filter((ms) => ms !== null);
  // The POST's own time (auth, validation, the insert, then the publish) is part of every note delay.
  return { posted: total, failed: total - answered.length, postMs: { p50: round(percentile(answered, 50)), p99: round(percentile(answered, 99)) } };
}

/** One checkout under the load; see the header. */
async function runCheckout(checkout: string, label: string, settings: Settings, adminUrl: string) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "handback-bench-sse-"));
  const database = await createScratchDatabase(adminUrl, "handback_bench");
  const target = await startCountingTarget();
  const tokens = { viewer: randomBytes(16).toString("hex"), infra: randomBytes(16).toString("hex") };
  const configPath = path.join(dir, "incident.yaml");
  writeFileSync(configPath, scaleConfigYaml({ incidentId: `SSE-${randomBytes(3).toString("hex")}`, targetUrl: target.url, components: settings.components, intervalS: settings.intervalS }));
  mkdirSync(path.join(dir, "data"));
  const instance = await startInstance({
    port: settings.port,
    root: checkout,
    execArgv: settings.cpuProfDir ? ["--cpu-prof", `--cpu-prof-dir=${path.join(settings.cpuProfDir, label)}`] : [],
    env: {
      HANDBACK_CONFIG: configPath,
      DATABASE_URL: database.url,
      HANDBACK_DATA_DIR: path.join(dir, "data"),
      HANDBACK_TOKENS: `bench-viewer:viewer:${tokens.viewer},bench-infra:infra:${tokens.infra}`,
      HANDBACK_LOG: "warn",
      HANDBACK_SSE_MAX_STREAMS_PER_USER: String(settings.clients),
      HANDBACK_SSE_MAX_STREAMS: String(settings.clients + 10),
      ...{ REDIS_URL: undefined, HANDBACK_LOCATION: undefined, HANDBACK_SCHEDULER: undefined, HANDBACK_RETENTION: undefined },
    },
  });
  const clients: Awaited<ReturnType<typeof openLoadClients>> = [];
  try {
    await waitReady(instance);
    await sleep(settings.warmupS * 1000);
    const tag = randomBytes(3).toString("hex");
    const postedAt = new Map<number, number>();
    const noteDelays: number[] = [];
    const componentDelays: number[] = [];
    let measuring = false;
    const receiver = {
      note: (_client: number, n: number) => {
        const at = postedAt.get(n);
        if (at !== undefined) noteDelays.push(performance.now() - at);
      },
      componentDelay: (ms: number) => void (measuring && componentDelays.push(ms)),
    };
    clients.push(...(await openLoadClients(instance.url, tokens.viewer, settings.clients, settings.observers, receiver)));
    await sleep(2_000);
    const loop = monitorEventLoopDelay({ resolution: 10 });
    const rss = startRssSampler([instance.pid]);
    const [cpuBefore, hitsBefore, receivedBefore, from] = [treeUsage(instance.pid).cpuMs, target.total(), clients.reduce((sum, client) => sum + client.components(), 0), Date.now()];
    measuring = true;
    loop.enable();
    const notes = await postNotes(instance.url, tokens.infra, settings, tag, postedAt);
    await sleep(3_000); // the last notes arrive
    measuring = false;
    loop.disable();
    const seconds = (Date.now() - from) / 1000;
    const probes = target.total() - hitsBefore;
    const received = clients.reduce((sum, client) => sum + client.components(), 0) - receivedBefore;
    const cpuMs = treeUsage(instance.pid).cpuMs - cpuBefore;
    const result = {
      checkout: checkout === root ? "this checkout" : checkout,
      seconds: round(seconds),
      clients: clients.length,
      closedEarly: clients.filter((client) => client.closed()).length,
      notes: { ...notes, missed: notes.posted * clients.length - noteDelays.length, delay: spread(noteDelays) },
      components: {
        probesPerSecond: round(probes / seconds),
        eventsPerClientPerSecond: round(received / clients.length / seconds),
        deliveredPercent: round((100 * received) / (probes * clients.length)),
        delay: spread(componentDelays),
      },
      instance: { cpuCores: round(cpuMs / (seconds * 1000)), rssMaxMb: rss.take()[0] },
      benchLoopDelayP99Ms: round(loop.percentile(99) / 1e6),
      loadavg: os.loadavg().map(round),
    };
    rss.stop();
    return result;
  } finally {
    for (const client of clients) client.close();
    await instance.stop();
    await target.close();
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The baseline checkout (when given) and this one, one after the other; needs TEST_DATABASE_URL. */
export async function benchSseLoad() {
  const settings = sseLoadSettings();
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error("BENCH_ONLY=sse needs TEST_DATABASE_URL (a PostgreSQL that allows CREATE DATABASE)");
  await ensureBenchBuild();
  // @ts-expect-error plain .mjs helper without types
  const { ensureBuild } = (await import("../../bin/ensure-build.mjs")) as { ensureBuild: (dir: string) => number };
  if (settings.baseline && ensureBuild(settings.baseline) !== 0) throw new Error(`next build failed in ${settings.baseline}`);
  const loadAverageAtStart = os.loadavg().map(round);
  const runs = [];
  for (const checkout of [settings.baseline, root]) {
    const label = checkout === root ? "after" : "before";
    if (checkout) runs.push({ label, ...(await runCheckout(checkout, label, settings, adminUrl)) });
  }
  return { settings, cpus: os.cpus().length, loadAverageAtStart, runs };
}
