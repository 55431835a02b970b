// Real Handback processes for multi-instance tests and the scale bench: `next start` servers and location
// workers (scratch databases come from db-targets.ts). The build must already exist (call ensureBuild
// first); the servers serve the build in NEXT_DIST_DIR, inherited from this process's environment.
//
// Cleanup: call stop() (or kill()) in a finally block / afterAll, and drop() every scratch database. As a
// safety net, every process still running when this process exits, or gets SIGINT/SIGTERM, is SIGKILLed
// with its whole process group. A database is not dropped by the net: a failed run may leave <prefix>_*.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { seedPgliteDir } from "./pglite-template.mjs";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const OUTPUT_LIMIT = 64 * 1024;
const STOP_GRACE_MS = 10_000;
const START_TIMEOUT_MS = 60_000;

/** How to start one server: its port, the env on top of this process's (undefined removes a variable). */
export interface InstanceOptions {
  port: number;
  /** HANDBACK_CONFIG, DATABASE_URL, REDIS_URL, HANDBACK_TOKENS, HANDBACK_DATA_DIR, HANDBACK_LOCATION, … */
  env: Record<string, string | undefined>;
  /** The checkout to serve (default: this one). */
  root?: string;
  /** Node options before `next` (e.g. `--cpu-prof`, which NODE_OPTIONS does not allow). */
  execArgv?: string[];
  /** Start through `npm start`'s own script (bin/start.mjs: validate, build if needed, serve on PORT) instead of `next start`. */
  npmStart?: boolean;
  /** Let the app run initdb itself instead of starting from a copy of the pristine cluster (first-run tests). */
  freshStore?: boolean;
}

/**
 * Copies the pristine PGlite cluster into the embedded stores the instance would create (its data dir,
 * and the lab's Cloud SQL store when the config runs the lab), so a start costs a copy, not two initdbs.
 * A data dir that already holds a cluster (a restart) is left alone.
 */
async function seedStores(env: Record<string, string | undefined>): Promise<void> {
  const dataDir = env.HANDBACK_DATA_DIR;
  const databaseUrl = "DATABASE_URL" in env ? env.DATABASE_URL : process.env.DATABASE_URL;
  if (!dataDir || databaseUrl) return;
  await seedPgliteDir(dataDir);
  const config = env.HANDBACK_CONFIG;
  if (config && existsSync(config) && /^lab:/m.test(readFileSync(config, "utf8"))) await seedPgliteDir(path.join(dataDir, "lab-cloud-sql"));
}

/** A running process with its process group: `pid` leads the group (read its tree for CPU and RSS). */
export interface ManagedProcess {
  pid: number;
  /** The recent stdout and stderr, interleaved, for failure messages. */
  output(): string;
  /** SIGTERM to the leader, wait for its exit (SIGKILL to the group after 10 s); its exit code, or null when killed. */
  stop(): Promise<number | null>;
  /** SIGKILL to the whole group at once; resolves when the leader has exited. */
  kill(): Promise<void>;
}

/** A `next start` server that answered GET /api/health. */
export interface Instance extends ManagedProcess {
  url: string;
}

const live = new Set<ChildProcess>();

/** SIGKILLs a process group; a group that is already gone is fine. */
function killGroup(pid: number): void {
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    // ESRCH: nothing left in the group.
  }
}

// The safety net: the children are detached (own process group, so a signal can reach all of next's or
// the worker's processes), which also means a Ctrl-C no longer reaches them by itself.
function killAllLive(): void {
  for (const child of live) killGroup(child.pid!);
}
function onSignal(signal: NodeJS.Signals): void {
  killAllLive();
  process.off("SIGINT", onSignal).off("SIGTERM", onSignal);
  process.kill(process.pid, signal);
}
function track(child: ChildProcess): void {
  if (live.size === 0) process.on("exit", killAllLive).on("SIGINT", onSignal).on("SIGTERM", onSignal);
  live.add(child);
  child.once("exit", () => {
    live.delete(child);
    if (live.size === 0) process.off("exit", killAllLive).off("SIGINT", onSignal).off("SIGTERM", onSignal);
  });
}

function childEnv(env: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const merged: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env };
  for (const [name, value] of Object.entries(merged)) if (value === undefined) delete merged[name];
  return merged;
}

/** Spawns a detached process group and keeps its recent output; `exited` settles when the leader exits. */
function spawnManaged(args: string[], cwd: string, env: Record<string, string | undefined>) {
  const child = spawn(process.execPath, args, { cwd, env: childEnv(env), detached: true, stdio: ["ignore", "pipe", "pipe"] });
  if (child.pid === undefined) throw new Error(`could not spawn ${args.join(" ")}`);
  track(child);
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString("utf8")).slice(-OUTPUT_LIMIT);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const exited = new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once("exit", () => resolve())));
  const pid = child.pid;
  const managed: ManagedProcess = {
    pid,
    output: () => output,
    async stop() {
      if (live.has(child)) child.kill("SIGTERM");
      const timer = setTimeout(() => killGroup(pid), STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
      killGroup(pid); // stragglers the leader left behind
      return child.exitCode;
    },
    async kill() {
      killGroup(pid);
      await exited;
    },
  };
  return { child, managed, exited };
}

/** Polls `ready` every 250 ms until it is true; rejects with the output when the process exits or time runs out. */
async function waitUntil(what: string, spawned: ReturnType<typeof spawnManaged>, ready: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  let exited = false;
  void spawned.exited.then(() => (exited = true));
  while (!exited && Date.now() < deadline) {
    if (await ready()) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await spawned.managed.kill();
  const reason = exited ? `exited with ${spawned.child.exitCode ?? spawned.child.signalCode}` : `not ready within ${START_TIMEOUT_MS / 1000} s`;
  throw new Error(`${what} ${reason}; output:\n${spawned.managed.output()}`);
}

/** Fails when something already listens on the port: its /api/health would pass for ours. */
async function assertPortFree(port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = net.createServer().once("error", (error) => reject(new Error(`port ${port} is in use: ${error.message}`)));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve()));
  });
}

/** The node flags `npm start` gives the server of the checkout at `root` (none in a checkout from before bin/server-flags.mjs). */
async function serverNodeFlags(root: string): Promise<string[]> {
  const file = path.join(root, "bin", "server-flags.mjs");
  if (!existsSync(file)) return [];
  return ((await import(pathToFileURL(file).href)) as { SERVER_NODE_FLAGS: string[] }).SERVER_NODE_FLAGS;
}

/** Starts `next start` (or `npm start`'s script) on port and resolves once GET /api/health answers 200. */
export async function startInstance(options: InstanceOptions): Promise<Instance> {
  const root = options.root ?? ROOT;
  await assertPortFree(options.port);
  if (!options.freshStore) await seedStores(options.env);
  const next = path.join(root, "node_modules", "next", "dist", "bin", "next");
  const spawned = options.npmStart
    ? spawnManaged([path.join(root, "bin", "start.mjs")], root, { ...options.env, PORT: String(options.port) })
    : spawnManaged([...(await serverNodeFlags(root)), ...(options.execArgv ?? []), next, "start", "--port", String(options.port), "--hostname", "127.0.0.1"], root, options.env);
  const url = `http://127.0.0.1:${options.port}`;
  const healthy = () => fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2_000) }).then((response) => response.ok, () => false);
  await waitUntil(`next start on port ${options.port}`, spawned, healthy);
  return { ...spawned.managed, url };
}

/** Options of startWorker: the location it probes from and the incident config it runs. */
export interface WorkerOptions {
  location: string;
  env: Record<string, string | undefined>;
  configPath: string;
  root?: string;
}

/** Starts `handback worker --location NAME CONFIG` and resolves once it says it has started. */
export async function startWorker(options: WorkerOptions): Promise<ManagedProcess> {
  const root = options.root ?? ROOT;
  const spawned = spawnManaged([path.join(root, "bin", "handback.mjs"), "worker", "--location", options.location, options.configPath], root, options.env);
  // stdout only: its failures ("handback worker: DATABASE_URL is not set") go to stderr.
  let stdout = "";
  spawned.child.stdout!.on("data", (chunk: Buffer) => (stdout = (stdout + chunk.toString("utf8")).slice(-OUTPUT_LIMIT)));
  await waitUntil(`worker ${options.location}`, spawned, async () => stdout.includes("handback worker:"));
  return spawned.managed;
}
