import "server-only";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { formatProblem, loadConfigFile } from "../config";
import { openDb, type Db } from "../db";
import { startEngine, type CheckOutcome, type ProbeEngine } from "../engine/engine";
import { createLocalBus, type EventBus } from "../events/bus";
import { createRedisBus, describeRedisUrl, incidentChannel, type RedisBus } from "../events/redis-bus";
import { labCaPath } from "../lab/demo-lab";
import { LOCATION_PATTERN, LOCATION_RULE } from "../locations";
import { PROBE_GRACE_MS } from "../shutdown";
import type { ComponentStatus } from "../types";
import { EXIT, type CliContext } from "./context";
import { cliProbeSettings } from "./probe-settings";
import { chooseConfigPath } from "./validate";
import { notifySecretsOf } from "../config/notify-schema";
import { registerSecrets } from "../redact";
import { messageOf } from "../message-of";

// `handback worker --location NAME [FILE]`: probes only, no web server, no fault lab. Results and
// transitions carry the location and go to the server's PostgreSQL (DATABASE_URL), where each scheduled
// check is claimed per slot, so workers and servers sharing a location never probe one slot twice.

const WORKER_USAGE = `Usage: handback worker --location NAME [FILE]

Runs the scheduled probes of the config (FILE, else $HANDBACK_CONFIG, else the bundled demo) from
location NAME and stores the results in the server's database: DATABASE_URL is required. With REDIS_URL
its events reach the servers' live pages at once. No web server.
Stops on SIGINT or SIGTERM.`;

/** Parses `--location NAME` / `--location=NAME` and at most one FILE; a string is a usage error. */
function parseWorkerArgs(args: readonly string[]): { location: string; file: string | undefined } | string {
  let location: string | undefined;
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--location") location = args[++i];
    else if (arg.startsWith("--location=")) location = arg.slice("--location=".length);
    else if (arg.startsWith("-")) return `unknown option ${arg}`;
    else files.push(arg);
  }
  if (location === undefined || location === "") return "--location NAME is required";
  if (!LOCATION_PATTERN.test(location)) return `--location "${location}": ${LOCATION_RULE}`;
  if (files.length > 1) return "expects at most one FILE";
  return { location, file: files[0] };
}

/** Resolves on the first SIGINT or SIGTERM of this process. */
function untilSignal(): Promise<string> {
  return new Promise((resolve) => {
    const onSignal = (signal: string) => {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
      resolve(signal);
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
  });
}

/** Runs `worker` until `stop` resolves (default: SIGINT/SIGTERM); exit 0 after a clean stop. */
export async function runWorker(args: readonly string[], context: CliContext, stop: () => Promise<unknown> = untilSignal): Promise<number> {
  if (args.includes("-h") || args.includes("--help")) {
    context.stdout(WORKER_USAGE);
    return EXIT.ok;
  }
  const parsed = parseWorkerArgs(args);
  if (typeof parsed === "string") {
    context.stderr(`handback worker: ${parsed}`);
    context.stderr(WORKER_USAGE);
    return EXIT.usage;
  }
  const databaseUrl = context.env.DATABASE_URL;
  if (!databaseUrl) {
    context.stderr("handback worker: DATABASE_URL is not set; a worker stores its results in the server's PostgreSQL, so set it to the same URL as the server's");
    return EXIT.invalidConfig;
  }
  const loaded = loadConfigFile(chooseConfigPath(parsed.file, context), context.env);
  if (!loaded.ok) {
    for (const problem of loaded.problems) context.stderr(formatProblem(problem));
    return EXIT.invalidConfig;
  }
  registerSecrets(context.env, [...loaded.interpolated, ...notifySecretsOf(loaded.config.notify)]);
  const { config } = loaded;
  const dataDir = path.resolve(context.cwd, context.env.HANDBACK_DATA_DIR ?? ".handback");
  // The worker never starts the fault lab; when a server on this machine runs it, trust its CA.
  const labCa = config.lab.enabled ? await readFile(labCaPath(dataDir), "utf8").catch(() => null) : null;
  const concurrency = Number(context.env.HANDBACK_PROBE_CONCURRENCY) || 32;
  const settings = cliProbeSettings(context, labCa ? [labCa] : []);
  if (!settings) return EXIT.invalidConfig;

  let db: Db;
  try {
    db = await openDb({ databaseUrl, dataDir });
  } catch (error) {
    context.stderr(`handback worker: storage unavailable: ${messageOf(error)}`);
    return EXIT.someDown;
  }
  const last = new Map<string, ComponentStatus>();
  const onChecked = (outcome: CheckOutcome) => {
    const before = last.get(outcome.componentId);
    last.set(outcome.componentId, outcome.status);
    if (before === outcome.status) return;
    const reason = outcome.error ? ` (${outcome.error.code}: ${outcome.error.message})` : "";
    context.stdout(`${new Date().toISOString()} ${parsed.location} ${outcome.componentId}: ${before ?? "start"} → ${outcome.status}${reason}`);
  };
  // With REDIS_URL the worker's events reach every server's SSE clients, like a server's own.
  const redisUrl = context.env.REDIS_URL;
  const redisBus: RedisBus | null = redisUrl ? createRedisBus(redisUrl, { channel: incidentChannel(config.incident.id) }) : null;
  const bus: EventBus = redisBus ?? createLocalBus();
  let engine: ProbeEngine | undefined;
  try {
    engine = await startEngine({
      config,
      db,
      bus,
      concurrency,
      location: parsed.location,
      claims: true,
      ...settings,
      onChecked,
    });
    const events = redisUrl ? `events to Redis ${describeRedisUrl(redisUrl)}` : "no REDIS_URL: servers see results on their next refresh";
    context.stdout(`handback worker: ${config.incident.id}, ${config.components.length} components from location "${parsed.location}" (concurrency ${concurrency}; ${events})`);
    const signal = await stop();
    context.stdout(`handback worker: ${typeof signal === "string" ? `${signal}, ` : ""}stopping`);
    return EXIT.ok;
  } finally {
    await engine?.stop({ graceMs: PROBE_GRACE_MS });
    await redisBus?.close();
    await db.close();
  }
}
