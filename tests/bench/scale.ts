// Bench (scale-out): 2,000 http components every 10 s on one `next start` instance, then on two sharing a
// scratch PostgreSQL database and Redis (slot claims split the probing; events cross through Redis).
// Per scenario, after a warm-up, three phases one after another, probing all along:
//   probing  nothing but probes: probes/s (target hits and stored rows), CPU ms per probe, RSS;
//   status   GET /api/status, paced over the phase at a fixed concurrency: p50 / p95;
//   sse      500 clients on GET /api/events, timeline notes posted to the first instance: fan-out latency.
// CPU and RSS are of each instance's process tree (/proc), not of PostgreSQL, Redis or this process.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createScratchDatabase, withClient } from "../support/db-targets";
import { startInstance, type Instance } from "../support/instances";
import { treeUsage } from "../support/proc";
import { ensureBenchBuild, root } from "./build";
import { componentPath, peakPerSecond, scaleConfigYaml, startCountingTarget, unstoredHits, type CountingTarget } from "./scale-target";
import { measureFanOut } from "./sse-fanout";
import { percentile, round } from "./stats";

const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
/** Every knob, from BENCH_SCALE_* variables (shorten them for a quick check). */
export const scaleSettings = () => ({
  components: num("BENCH_SCALE_COMPONENTS", 2_000),
  intervalS: 10,
  warmupS: num("BENCH_SCALE_WARMUP_S", 20),
  /** The probing window; a multiple of the interval counts whole intervals. */
  measureS: num("BENCH_SCALE_MEASURE_S", 60),
  statusRequests: num("BENCH_SCALE_STATUS_REQUESTS", 200),
  statusConcurrency: 4,
  statusS: num("BENCH_SCALE_STATUS_S", 30),
  sseClients: num("BENCH_SCALE_SSE_CLIENTS", 500),
  notes: num("BENCH_SCALE_NOTES", 20),
  port: num("BENCH_SCALE_PORT", 3410),
  /** Instance counts to run, one scenario each (BENCH_SCALE_SCENARIOS=1,2). */
  scenarios: (process.env.BENCH_SCALE_SCENARIOS ?? "1,2").split(",").map(Number),
  /** HANDBACK_PROBE_CONCURRENCY of the instances; unset: the product default (32). */
  probeConcurrency: process.env.BENCH_SCALE_CONCURRENCY,
});
type Settings = ReturnType<typeof scaleSettings>;

interface Run {
  settings: Settings;
  databaseUrl: string;
  redisUrl: string;
  dir: string;
  configPath: string;
  target: CountingTarget;
  tokens: { viewer: string; infra: string };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function validateConfig(configPath: string): void {
  const result = spawnSync(process.execPath, [path.join(root, "bin", "handback.mjs"), "validate", configPath], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`generated config is invalid:\n${result.stdout}${result.stderr}`);
}

export async function waitReady(instance: Instance): Promise<void> {
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; await sleep(250)) {
    if ((await fetch(`${instance.url}/api/ready`, { signal: AbortSignal.timeout(2_000) }).catch(() => null))?.status === 200) return;
  }
  throw new Error(`${instance.url} not ready within 60 s:\n${instance.output()}`);
}

/**
 * Milliseconds until the next point half a second before an interval boundary. With claims, every instance
 * plans each component at k × interval + a fixed offset under a fifth of the interval, so the moments just
 * before a boundary are the quietest; a probing window that starts and ends there counts whole intervals.
 */
const untilQuiet = (intervalMs: number) => (intervalMs - 500 - (Date.now() % intervalMs) + intervalMs) % intervalMs;

/** Max RSS per instance since the last take(), sampled every second and at each take(). */
export function startRssSampler(pids: number[]) {
  let max = pids.map(() => 0);
  const sample = () => (max = pids.map((pid, i) => Math.max(max[i]!, treeUsage(pid).rssMb)));
  const timer = setInterval(sample, 1_000);
  return {
    take() {
      const taken = sample();
      max = pids.map(() => 0);
      return taken;
    },
    stop: () => clearInterval(timer),
  };
}

/** Runs one phase and measures the probes, CPU and RSS of the instances while it lasts. */
async function phase<T>(run: Run, pids: number[], rss: ReturnType<typeof startRssSampler>, work: () => Promise<T>) {
  const cpu = () => pids.reduce((sum, pid) => sum + treeUsage(pid).cpuMs, 0);
  rss.take();
  const [from, hits, cpuBefore] = [Date.now(), run.target.total(), cpu()];
  const result = await work();
  const [to, probes, cpuMs] = [Date.now(), run.target.total() - hits, cpu() - cpuBefore];
  const seconds = (to - from) / 1000;
  const planned = (run.settings.components * seconds) / run.settings.intervalS;
  const figures = {
    seconds: round(seconds),
    probes,
    probesPerSecond: round(probes / seconds),
    peakProbesPerSecond: peakPerSecond(run.target.hits, from, to),
    ranPercent: round((100 * probes) / planned),
    cpuMsPerProbe: round(cpuMs / probes),
    cpuCores: round(cpuMs / (seconds * 1000)),
    rssMaxMb: rss.take(),
  };
  return { from, to, figures, result };
}

/** GET /api/status statusRequests times, paced over statusS seconds in statusConcurrency lanes, round-robin over the instances. */
async function measureStatus(urls: string[], token: string, settings: Settings) {
  const { statusRequests: requests, statusConcurrency: lanes } = settings;
  const perLane = Math.ceil(requests / lanes);
  const samples: number[] = [];
  let errors = 0;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: lanes }, async (_, lane) => {
      for (let k = 0, index = lane; index < requests; k++, index += lanes) {
        await sleep(started + ((k + lane / lanes) * settings.statusS * 1000) / perLane - Date.now());
        const sent = performance.now();
        const response = await fetch(`${urls[index % urls.length]}/api/status`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(30_000) }).catch(() => null);
        const ok = response?.status === 200 && (await response.text()).length > 0;
        if (ok) samples.push(performance.now() - sent);
        else errors++;
      }
    }),
  );
  return { requests, concurrency: lanes, errors, p50Ms: round(percentile(samples, 50)), p95Ms: round(percentile(samples, 95)), maxMs: round(Math.max(...samples)) };
}

/** When each stored result's check started (ms), by the path its component probes, from `from` on. */
async function storedChecks(databaseUrl: string, from: number): Promise<Map<string, number[]>> {
  const { rows } = await withClient(databaseUrl, (client) =>
    client.query<{ component_id: string; checked_at: Date }>(
      "SELECT component_id, checked_at FROM probe_results WHERE checked_at >= $1 ORDER BY checked_at",
      [new Date(from)],
    ),
  );
  const stored = new Map<string, number[]>();
  for (const row of rows) {
    const key = componentPath(row.component_id);
    stored.set(key, stored.get(key) ?? []).get(key)!.push(row.checked_at.getTime());
  }
  return stored;
}

/** Stored results whose check started in [from, to). */
const countStored = (stored: Map<string, number[]>, { from, to }: { from: number; to: number }) =>
  [...stored.values()].reduce((sum, times) => sum + times.filter((at) => at >= from && at < to).length, 0);

/** Warning and error lines of an instance's output (log lines, and Next's own ⨯ errors). */
function warnings(instance: Instance): string[] {
  return instance.output().split("\n").filter((line) => /^\S+ (warn|error)\b|⨯/.test(line));
}

function instanceEnv(run: Run, databaseUrl: string, index: number): Record<string, string | undefined> {
  const dataDir = path.join(run.dir, `instance-${index}-${randomBytes(2).toString("hex")}`);
  mkdirSync(dataDir);
  return {
    HANDBACK_CONFIG: run.configPath,
    DATABASE_URL: databaseUrl,
    REDIS_URL: run.redisUrl,
    HANDBACK_TOKENS: `bench-viewer:viewer:${run.tokens.viewer},bench-infra:infra:${run.tokens.infra}`,
    HANDBACK_DATA_DIR: dataDir,
    HANDBACK_PROBE_CONCURRENCY: run.settings.probeConcurrency,
    HANDBACK_LOG: "warn",
    // Every bench client reads with the one viewer token.
    HANDBACK_SSE_MAX_STREAMS_PER_USER: String(Math.max(100, run.settings.sseClients)),
    HANDBACK_SSE_MAX_STREAMS: String(Math.max(1_000, run.settings.sseClients)),
    // Not inherited from the shell: the defaults are what is measured.
    HANDBACK_LOCATION: undefined,
    HANDBACK_SCHEDULER: undefined,
    HANDBACK_SESSION_SECRET: undefined,
    HANDBACK_RETENTION: undefined,
  };
}

/** One scenario: `count` instances on a fresh database, warm-up, then the three phases. */
async function runScenario(run: Run, count: number) {
  const { settings } = run;
  const database = await createScratchDatabase(run.databaseUrl, "handback_bench");
  const instances: Instance[] = [];
  let rss: ReturnType<typeof startRssSampler> | undefined;
  try {
    const starting = Date.now();
    for (let index = 0; index < count; index++) instances.push(await startInstance({ port: settings.port + index, env: instanceEnv(run, database.url, index) }));
    await Promise.all(instances.map(waitReady));
    const startupMs = Date.now() - starting;
    const [urls, pids] = [instances.map((instance) => instance.url), instances.map((instance) => instance.pid)];
    rss = startRssSampler(pids);
    run.target.hits.clear();
    await sleep(settings.warmupS * 1000);
    await sleep(untilQuiet(settings.intervalS * 1000));
    const probing = await phase(run, pids, rss, () => sleep(settings.measureS * 1000));
    const status = await phase(run, pids, rss, () => measureStatus(urls, run.tokens.viewer, settings));
    const sse = await phase(run, pids, rss, () =>
      measureFanOut({ urls, readerToken: run.tokens.viewer, writerToken: run.tokens.infra, clients: settings.sseClients, notes: settings.notes }),
    );
    await sleep(5_000); // the last checks of the window are stored
    const stored = await storedChecks(database.url, probing.from - 5_000);
    const found = instances.map(warnings);
    return {
      instances: count,
      startupMs,
      probing: { ...probing.figures, rows: countStored(stored, probing) },
      unstoredProbes: unstoredHits(run.target.hits, stored, probing.from, sse.to),
      status: { ...status.figures, rows: countStored(stored, status), latency: status.result },
      sse: { ...sse.figures, rows: countStored(stored, sse), fanOut: sse.result },
      warnings: { count: found.flat().length, first: found.flatMap((lines) => lines.slice(0, 3)) },
    };
  } finally {
    rss?.stop();
    await Promise.all(instances.map((instance) => instance.stop()));
    await database.drop();
  }
}

/** Both scenarios; skipped (with the reason) without TEST_DATABASE_URL and TEST_REDIS_URL. */
export async function benchScale() {
  const settings = scaleSettings();
  const [databaseUrl, redisUrl] = [process.env.TEST_DATABASE_URL, process.env.TEST_REDIS_URL];
  if (!databaseUrl || !redisUrl) return { skipped: "set TEST_DATABASE_URL and TEST_REDIS_URL (a PostgreSQL that allows CREATE DATABASE, and a Redis)" };
  await ensureBenchBuild();
  const dir = mkdtempSync(path.join(os.tmpdir(), "handback-bench-scale-"));
  const target = await startCountingTarget();
  try {
    const configPath = path.join(dir, "incident.yaml");
    const incidentId = `SCALE-${randomBytes(4).toString("hex")}`;
    writeFileSync(configPath, scaleConfigYaml({ incidentId, targetUrl: target.url, components: settings.components, intervalS: settings.intervalS }));
    validateConfig(configPath);
    const tokens = { viewer: randomBytes(16).toString("hex"), infra: randomBytes(16).toString("hex") };
    const run: Run = { settings, databaseUrl, redisUrl, dir, configPath, target, tokens };
    const loadAverageAtStart = os.loadavg().map(round);
    const scenarios = [];
    for (const count of settings.scenarios) scenarios.push(await runScenario(run, count));
    return { settings, cpus: os.cpus().length, loadAverageAtStart, scenarios };
  } finally {
    await target.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
