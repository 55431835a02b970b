import "server-only";
import path from "node:path";
import { defaultConfigPath, formatProblem, loadConfigFile, type IncidentConfig } from "./config";
import { openDb, type Db } from "./db";
import type { ProbeEngine } from "./engine/engine";
import type { ReadModel } from "./snapshot/model";
import type { Workflow } from "./incident/workflow";
import type { Notifier } from "./notify/notifier";
import { createLocalBus, type EventBus } from "./events/bus";
import { createRedisBus, describeRedisUrl, incidentChannel } from "./events/redis-bus";
import type { DemoLab } from "./lab/demo-lab";
import { rawEnv, readEnv, type Env } from "./env";
import { log, setLogLevel } from "./log";
import { notifySecretsOf } from "./config/notify-schema";
import { registerSecrets } from "./redact";
import { messageOf } from "./message-of";

// One process-wide runtime. Next bundles instrumentation and each route separately, so module-level
// singletons would be duplicated; the state lives on globalThis instead.
interface RuntimeState {
  env: Env;
  configPath: string;
  config: IncidentConfig;
  startedAt: Date;
  db: Promise<Db> | null;
  bus: EventBus;
  engine: ProbeEngine | null;
  lab: DemoLab | null;
  workflow: Workflow | null;
  /** The notification delivery loop, when the config routes events and this instance sends (lib/notify/notifier.ts). */
  notifier: Notifier | null;
  /** Set when a graceful stop begins: /api/ready answers 503 so load balancers stop sending traffic. */
  stopping: boolean;
  /** The read model behind the snapshot, created at its first read (lib/snapshot/read.ts). */
  readModel: ReadModel | null;
}

const KEY = Symbol.for("handback.runtime");
type GlobalWithRuntime = typeof globalThis & { [KEY]?: RuntimeState };

/** Thrown when the incident config is invalid; carries the formatted problems. */
export class ConfigInvalidError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid incident config:\n  ${problems.join("\n  ")}`);
    this.name = "ConfigInvalidError";
  }
}

/** Redis pub/sub when REDIS_URL is set (events reach every instance of the incident), else the in-process bus. */
function createBus(env: Env, config: IncidentConfig): EventBus {
  if (!env.REDIS_URL) return createLocalBus();
  const channel = incidentChannel(config.incident.id);
  log.info(`event bus: Redis pub/sub at ${describeRedisUrl(env.REDIS_URL)}, channel ${channel}`);
  return createRedisBus(env.REDIS_URL, { channel });
}

/** Loads env and config once per process; throws ConfigInvalidError listing every problem. */
export function getRuntime(): RuntimeState {
  const store = globalThis as GlobalWithRuntime;
  if (store[KEY]) return store[KEY];
  const env = readEnv();
  setLogLevel(env.HANDBACK_LOG);
  const configPath = env.HANDBACK_CONFIG ? path.resolve(env.HANDBACK_CONFIG) : defaultConfigPath();
  const result = loadConfigFile(configPath, rawEnv());
  if (!result.ok) throw new ConfigInvalidError(result.problems.map(formatProblem));
  registerSecrets(env, [...result.interpolated, ...notifySecretsOf(result.config.notify)]);
  store[KEY] = { env, configPath, config: result.config, startedAt: new Date(), db: null, bus: createBus(env, result.config), engine: null, lab: null, workflow: null, notifier: null, stopping: false, readModel: null };
  return store[KEY];
}

/** The incident config of this process. */
export function getConfig(): IncidentConfig {
  return getRuntime().config;
}

/** Opens storage on first use; a failed open is forgotten so the next call retries. */
export function getDb(): Promise<Db> {
  const runtime = getRuntime();
  if (!runtime.db) {
    const { DATABASE_URL, HANDBACK_DATA_DIR } = runtime.env;
    runtime.db = openDb({ databaseUrl: DATABASE_URL, dataDir: path.resolve(HANDBACK_DATA_DIR) });
    runtime.db.catch((error: unknown) => {
      log.error(`storage unavailable: ${messageOf(error)}`);
      runtime.db = null;
    });
  }
  return runtime.db;
}

/** The event bus of this process: the engine publishes, SSE streams subscribe. */
export function getBus(): EventBus {
  return getRuntime().bus;
}

/** The probe engine, once boot() has started it; null before (or when storage never came up). */
export function getEngine(): ProbeEngine | null {
  return getRuntime().engine;
}

/** The notifier boot() started, if any. */
export function getNotifier(): Notifier | null {
  return getRuntime().notifier;
}

/** Records the notifier boot() started. */
export function setNotifier(notifier: Notifier): void {
  getRuntime().notifier = notifier;
}

/** Records the engine boot() started. */
export function setEngine(engine: ProbeEngine): void {
  getRuntime().engine = engine;
}

/** The fault lab, when the config's `lab:` section enabled it and boot() started it. */
export function getLab(): DemoLab | null {
  return getRuntime().lab;
}

/** Records the lab boot() started. */
export function setLab(lab: DemoLab): void {
  getRuntime().lab = lab;
}

/** The criteria/incident workflow, once boot() has started it. */
export function getWorkflow(): Workflow | null {
  return getRuntime().workflow;
}

/** Records the workflow boot() started. */
export function setWorkflow(workflow: Workflow): void {
  getRuntime().workflow = workflow;
}
