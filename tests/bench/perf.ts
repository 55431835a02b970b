// Bench (perf, issue #16): one `next start` instance with N http components every 5 s, on the embedded
// store and on PostgreSQL, each after a warm-up:
//   probing  CPU ms per probe of the instance's process tree (and of its PostgreSQL backends), max RSS;
//   status   GET /api/status p50 / p95 while probing, then the same with If-None-Match (share of 304);
//            the first read after start is timed apart, and 2 s of reads warm the read model first;
//            BENCH_PERF_LOCATIONS=2 adds a worker at a second location on PostgreSQL (#16 goal 1);
//   memory   where the resident memory goes after the probing phase (tests/bench/memory.ts);
//   schedule whether the instance probed at the configured rate (holds: at least 95 % of it);
//   floor    a bare http.get loop with a fresh connection per request, and a keep-alive fetch loop, at the
//            same rate in this process: CPU ms per request, and the instance's ratio to each.
// BENCH_PERF_ROOT serves another checkout's build (main as found, for the before figures); load average
// is recorded beside every figure: the machine is shared.
import http from "node:http";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createScratchDatabase, withClient } from "../support/db-targets";
import { startInstance, startWorker, type Instance, type ManagedProcess } from "../support/instances";
import { statFields, treeUsage } from "../support/proc";
import { memoryBreakdown } from "./memory";
import { ensureBenchBuild } from "./build";
import { scaleConfigYaml, startCountingTarget, type CountingTarget } from "./scale-target";
import { percentile, round } from "./stats";

const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const settings = () => ({
  /** Sizes to run, one after another (BENCH_PERF_COMPONENTS=500,2000). */
  components: (process.env.BENCH_PERF_COMPONENTS ?? "500").split(",").map(Number),
  /** Probe interval: 5 s (500 components → 100 probes/s); BENCH_PERF_INTERVAL_S=10 at 2,000 gives #16's 200/s. */
  intervalS: num("BENCH_PERF_INTERVAL_S", 5),
  warmupS: num("BENCH_PERF_WARMUP_S", 20),
  measureS: num("BENCH_PERF_MEASURE_S", 30),
  /**
   * 2: on PostgreSQL a `handback worker --location eu` probes beside the instance, both on Redis, so the
   * status holds 2 locations per component (#16 goal 1: 2,000 × 2 at 20 s is 200 probes/s). The embedded
   * store is one process, so one location; CPU per probe then counts the worker's tree too.
   */
  locations: num("BENCH_PERF_LOCATIONS", 1),
  statusRequests: num("BENCH_PERF_STATUS_REQUESTS", 100),
  statusS: num("BENCH_PERF_STATUS_S", 15),
  port: num("BENCH_PERF_PORT", 3470),
  /** embedded, postgres (this one needs TEST_DATABASE_URL). */
  stores: (process.env.BENCH_PERF_STORES ?? "embedded,postgres").split(","),
  root: process.env.BENCH_PERF_ROOT,
  /** A directory: the instance runs with --cpu-prof into it (read it with tests/bench/profile-top.ts). */
  cpuProfDir: process.env.BENCH_PERF_CPU_PROF,
  /** The embedded store starts empty (initdb at start, a user's first run) instead of from a copy of the pristine cluster. */
  freshStore: process.env.BENCH_PERF_FRESH_STORE === "1",
  /** A directory: a heap snapshot of the instance is written into it at the end (read it with tests/bench/heap-top.ts). */
  heapDir: process.env.BENCH_PERF_HEAP,
  /** Extra node flags for the instance, space-separated (A/B of V8 flags: "--max-semi-space-size=4"). */
  nodeFlags: (process.env.BENCH_PERF_NODE_FLAGS ?? "").split(" ").filter(Boolean),
});
type Settings = ReturnType<typeof settings>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const loadavg = () => os.loadavg().map((value) => round(value));

/** GET /api/status `requests` times over `seconds` in 4 lanes; with `revalidate`, each sends the ETag it last got. */
async function measureStatus(url: string, token: string, requests: number, seconds: number, revalidate: boolean) {
  const lanes = 4;
  const samples: number[] = [];
  let [errors, notModified, bytes] = [0, 0, 0];
  const started = Date.now();
  await Promise.all(
    Array.from({ length: lanes }, async (_, lane) => {
      let etag: string | null = null;
      for (let k = 0; lane + k * lanes < requests; k++) {
        await sleep(started + ((k * lanes + lane) * seconds * 1000) / requests - Date.now());
        const headers: Record<string, string> = { authorization: `Bearer ${token}` };
        if (revalidate && etag) headers["if-none-match"] = etag;
        const sent = performance.now();
        const response = await fetch(`${url}/api/status`, { headers, signal: AbortSignal.timeout(30_000) }).catch(() => null);
        const body = response ? await response.text() : "";
        if (response?.status === 304) notModified++;
        // A body that is not a JSON object (a double-compressed one decodes to gzip bytes) counts as an error.
        else if (response?.status !== 200 || !body.startsWith("{")) {
          errors++;
          continue;
        }
        etag = response.headers.get("etag");
        bytes += body.length;
        samples.push(performance.now() - sent);
      }
    }),
  );
  return { requests, errors, notModified, p50Ms: round(percentile(samples, 50)), p95Ms: round(percentile(samples, 95)), meanBytes: Math.round(bytes / Math.max(1, samples.length)), loadavg: loadavg() };
}

/** CPU ms per request of a loop at `rate`/s for `seconds`: a fresh connection per http.get, or keep-alive fetch. */
async function floorLoop(target: CountingTarget, rate: number, seconds: number, kind: "fresh" | "keepAlive") {
  const agent = new http.Agent({ keepAlive: false });
  const one = kind === "fresh"
    ? () => new Promise<void>((resolve) => {
        const request = http.get(`${target.url}/floor`, { agent, timeout: 5_000 }, (response) => response.resume().on("end", resolve).on("error", () => resolve()));
        request.on("error", () => resolve());
      })
    : () => fetch(`${target.url}/floor`, { signal: AbortSignal.timeout(5_000) }).then((response) => response.text()).then(() => undefined, () => undefined);
  let done = 0;
  const cpu = process.cpuUsage();
  const started = Date.now();
  const inFlight = new Set<Promise<void>>();
  for (let sent = 0; Date.now() - started < seconds * 1000; sent++) {
    const due = started + sent * (1000 / rate);
    if (due > Date.now()) await sleep(due - Date.now());
    const request = one().then(() => void done++);
    inFlight.add(request);
    void request.finally(() => inFlight.delete(request));
  }
  await Promise.all(inFlight);
  const used = process.cpuUsage(cpu);
  agent.destroy();
  return { rate, ran: done, cpuMsPerRequest: round((used.user + used.system) / 1000 / done), loadavg: loadavg() };
}

/**
 * The PostgreSQL server process, the parent of every backend: its tree's CPU (live backends, plus the ones
 * it reaped, in its cutime) counts as the storage's. Counting the backends seen at the start went negative
 * when the pool closed one during the window.
 */
async function postmasterPid(adminUrl: string): Promise<number> {
  // Read while the connection is open: its backend exits when the client closes.
  const ppid = await withClient(adminUrl, async (client) => {
    const { rows } = await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
    return Number(statFields(rows[0]!.pid)?.[1]);
  });
  if (!Number.isInteger(ppid) || ppid <= 1) throw new Error("PostgreSQL's server process not found (is it on this machine?)");
  return ppid;
}

/** Node flags of the CPU profile and heap snapshot knobs, each writing into its own directory per run. */
function diagnosticFlags(config: Settings, run: string): string[] {
  const flags = config.cpuProfDir ? ["--cpu-prof", `--cpu-prof-dir=${path.join(config.cpuProfDir, run)}`] : [];
  return config.heapDir ? [...flags, "--heapsnapshot-signal=SIGUSR2", `--diagnostic-dir=${path.join(config.heapDir, run)}`] : flags;
}

/** Asks the instance for a heap snapshot and waits until it is written: the file exists and the server answers again. */
async function writeHeapSnapshot(instance: Instance, dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  process.kill(instance.pid, "SIGUSR2");
  const answers = () => fetch(`${instance.url}/api/health`, { signal: AbortSignal.timeout(1_000) }).then((response) => response.ok, () => false);
  while (readdirSync(dir).length === 0 || !(await answers())) await sleep(1_000);
}

async function runOne(config: Settings, store: string, components: number, target: CountingTarget) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "handback-bench-perf-"));
  const configPath = path.join(dir, "incident.yaml");
  writeFileSync(configPath, scaleConfigYaml({ incidentId: `PERF-${randomBytes(3).toString("hex")}`, targetUrl: target.url, components, intervalS: config.intervalS }));
  const token = randomBytes(16).toString("hex");
  const adminUrl = process.env.TEST_DATABASE_URL!;
  const database = store === "postgres" ? await createScratchDatabase(adminUrl, "hb16_perf") : null;
  let instance: Instance | undefined;
  let worker: ManagedProcess | undefined;
  const withWorker = database !== null && config.locations === 2;
  try {
    const startedAt = Date.now();
    const env = {
      HANDBACK_CONFIG: configPath, DATABASE_URL: database?.url, REDIS_URL: withWorker ? process.env.TEST_REDIS_URL : undefined, HANDBACK_DATA_DIR: path.join(dir, "data"),
      HANDBACK_TOKENS: `bench-viewer:viewer:${token}`, HANDBACK_LOG: "warn", HANDBACK_LOCATION: undefined, HANDBACK_SCHEDULER: undefined,
      HANDBACK_SESSION_SECRET: undefined, HANDBACK_RETENTION: undefined,
    };
    instance = await startInstance({
      port: config.port,
      root: config.root,
      env,
      execArgv: [...config.nodeFlags, ...diagnosticFlags(config, `${store}-${components}`)],
      freshStore: config.freshStore,
    });
    if (withWorker) worker = await startWorker({ location: "eu", configPath, root: config.root, env });
    for (const deadline = Date.now() + 120_000; Date.now() < deadline; await sleep(250)) {
      if ((await fetch(`${instance.url}/api/ready`).catch(() => null))?.status === 200) break;
    }
    const startupMs = Date.now() - startedAt;
    await sleep(config.warmupS * 1000);
    const postgres = database ? await postmasterPid(adminUrl) : null;
    const cpuOf = () => [treeUsage(instance!.pid).cpuMs + (worker ? treeUsage(worker.pid).cpuMs : 0), postgres ? treeUsage(postgres).cpuMs : 0];
    // Once a second: one sample lands anywhere on the heap's saw-tooth of garbage, the median over the run does not.
    const rssSamples: number[] = [];
    const sampler = setInterval(() => rssSamples.push(treeUsage(instance!.pid).rssMb), 1_000);
    const [hits, [appBefore, pgBefore], from] = [target.total(), cpuOf(), Date.now()];
    await sleep(config.measureS * 1000);
    const [appAfter, pgAfter] = cpuOf();
    const probes = target.total() - hits;
    clearInterval(sampler);
    const probing = {
      seconds: round((Date.now() - from) / 1000),
      probesPerSecond: round(probes / ((Date.now() - from) / 1000)),
      cpuMsPerProbe: round((appAfter! - appBefore!) / probes),
      storageCpuMsPerProbe: database ? round((pgAfter! - pgBefore!) / probes) : null,
      rssMaxMb: Math.max(0, ...rssSamples),
      rssMedianMb: round(percentile(rssSamples, 50)),
      loadavg: loadavg(),
    };
    const scheduled = (components * (worker ? 2 : 1)) / config.intervalS;
    const schedule = { probesPerSecond: probing.probesPerSecond, scheduled, holds: probing.probesPerSecond >= 0.95 * scheduled };
    const memory = await memoryBreakdown(instance.pid, instance.url, token);
    // The first read after start reads storage in full and builds every view without the memo: timed
    // apart, then 2 s of reads (not counted) before the steady-state figures, as a page open for a while sees.
    const firstRead = await measureStatus(instance.url, token, 1, 0, false);
    await measureStatus(instance.url, token, 20, 2, false);
    const status = await measureStatus(instance.url, token, config.statusRequests, config.statusS, false);
    const revalidated = await measureStatus(instance.url, token, config.statusRequests, config.statusS, true);
    const rssAfterMb = treeUsage(instance.pid).rssMb;
    if (config.heapDir) await writeHeapSnapshot(instance, path.join(config.heapDir, `${store}-${components}`));
    return { store, components, locations: worker ? 2 : 1, startupMs, probing, schedule, memory, firstReadMs: firstRead.p50Ms, status, revalidated, rssAfterMb };
  } finally {
    await worker?.stop();
    await instance?.stop();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Every store × size, then the floor loops at the rate of each size. */
export async function benchPerf() {
  const config = settings();
  if (!config.root) await ensureBenchBuild();
  const target = await startCountingTarget();
  try {
    const runs = [];
    for (const components of config.components) {
      for (const store of config.stores) {
        if (store === "postgres" && !process.env.TEST_DATABASE_URL) continue;
        runs.push(await runOne(config, store, components, target));
      }
    }
    const floors: { components: number; fresh: Awaited<ReturnType<typeof floorLoop>>; keepAlive: Awaited<ReturnType<typeof floorLoop>> }[] = [];
    for (const components of config.components) {
      const rate = components / config.intervalS;
      floors.push({ components, fresh: await floorLoop(target, rate, config.measureS, "fresh"), keepAlive: await floorLoop(target, rate, config.measureS, "keepAlive") });
    }
    const ratios = runs.map((run) => {
      const floor = floors.find((entry) => entry.components === run.components)!;
      const perProbe = run.probing.cpuMsPerProbe + (run.probing.storageCpuMsPerProbe ?? 0);
      return { store: run.store, components: run.components, toFresh: round(perProbe / floor.fresh.cpuMsPerRequest), toKeepAlive: round(perProbe / floor.keepAlive.cpuMsPerRequest) };
    });
    return { settings: { ...config, root: config.root ?? "this checkout" }, cpus: os.cpus().length, runs, floors, ratios };
  } finally {
    await target.close();
  }
}
