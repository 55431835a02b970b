import "server-only";
import path from "node:path";
import { getAuth, TokenConfigError } from "./auth";
import type { IncidentConfig } from "./config";
import { tokenSource } from "./auth/context";
import { DemoTokensError } from "./auth/demo-tokens";
import { capturePeerAddresses } from "./auth/peer";
import { anchorIncidentStart, appendTimeline, getIncidentState, setIncidentState, upsertIncident } from "./db";
import { auditConfigAtStart } from "./incident/config-audit";
import { definitionOf } from "./report/definition";
import { startEngine } from "./engine/engine";
import { startRetention, type Retention } from "./engine/retention";
import { startDemoLab } from "./lab/demo-lab";
import { createLabClient, teamToken } from "./lab/human-posts";
import { log } from "./log";
import { closeBrowsers } from "./probes";
import { warnWithoutChromium } from "./probes/browser/warning";
import { loadProbeSettings, ProbeSettingsError } from "./probes/settings";
import { startWorkflow } from "./incident/workflow";
import { componentsCriteriaRead } from "./incident/evaluate-criteria";
import { exitOnSignals, PROBE_GRACE_MS, type ShutdownStep } from "./shutdown";
import { lockDataDir, type DataDirLock } from "./data-dir-lock";
import { retryWithBackoff, type Retrying } from "./retry";
import { ConfigInvalidError, getBus, getDb, getLab, getNotifier, getRuntime, getWorkflow, setEngine, setLab, setNotifier, setWorkflow } from "./runtime";
import { watchNodeResponses } from "./http/node-response";
import { messageOf } from "./message-of";
import { publicUrl } from "./notify/public-url";
import { startNotifier } from "./notify/notifier";

// Server start-up, called once from instrumentation.ts: config, then (retried until it works) the data dir
// lock, fault lab, storage, workflow and probe engine.

/**
 * Records the incident's opening the first time this store sees it, so the timeline starts at the start. A
 * relative `startedAt` ("-3h") is fixed here: the first start's value is stored and every later start (or
 * instance) uses it, so outage time, cadence and ETA do not jump at a restart. Then the goalpost audit
 * records how the config's criteria and components differ from the previous start's.
 */
async function openIncidentOnce(): Promise<void> {
  const { config } = getRuntime();
  const db = await getDb();
  if (config.incident.startedRelative) config.incident.startedAt = await anchorIncidentStart(db, config.incident.id, config.incident.startedAt);
  const { id, title, severity, startedAt } = config.incident;
  // The archive's row, with what the report needs of this config; earlier incidents keep theirs.
  await upsertIncident(db, { id, title, severity, startedAt, definition: { ...definitionOf(config) } });
  await db.transaction(async (tx) => {
    if (await getIncidentState(tx, config.incident.id)) return;
    await setIncidentState(tx, { incidentId: config.incident.id, state: "investigating", actor: "handback" });
    await appendTimeline(tx, config.incident.id, {
      type: "state",
      actor: "handback",
      text: `${config.incident.id} opened in Handback: ${config.incident.title} (state investigating)`,
      data: { state: "investigating" },
    });
  });
  await auditConfigAtStart(db, getBus(), config); // after the opening, so a changed config's entries follow it
}

function loadConfigOrExit() {
  try {
    const { config, configPath } = getRuntime();
    log.info(`incident ${config.incident.id} from ${configPath}: ${config.components.length} components`);
    getAuth();
    loadProbeSettings(getRuntime().env); // HANDBACK_CA_FILE is checked now, not at the first probe
    warnWithoutChromium(config.components, getRuntime().env.CHROMIUM_PATH);
    return getRuntime();
  } catch (error) {
    const known = error instanceof ConfigInvalidError || error instanceof TokenConfigError || error instanceof DemoTokensError || error instanceof ProbeSettingsError;
    if (!known) throw error;
    console.error(error.message);
    process.exit(2);
  }
}

// Everything must be done well inside the 10 s a container runtime waits between SIGTERM and SIGKILL.
const SHUTDOWN_DEADLINE_MS = 8_000;

/** What start-up holds beyond the runtime: the retry loop, the data dir lock, the retention timer. */
interface BootState {
  starting: Retrying | null;
  lock: DataDirLock | null;
  labTried: boolean;
  retention: Retention | null;
}

/** What a graceful stop does, in order: start-up retries and probing first (results need storage), storage last. */
function shutdownSteps(state: BootState): ShutdownStep[] {
  const runtime = getRuntime();
  return [
    { name: "readiness", run: () => (runtime.stopping = true) },
    { name: "start-up retries", run: () => state.starting?.stop() },
    { name: "probe engine", run: () => runtime.engine?.stop({ graceMs: PROBE_GRACE_MS }) },
    { name: "browsers", run: () => closeBrowsers() }, // after the probes that use them
    { name: "workflow", run: () => runtime.workflow?.stop() },
    { name: "retention", run: () => state.retention?.stop() },
    { name: "notifier", run: () => runtime.notifier?.stop() },
    { name: "fault lab", run: () => runtime.lab?.close() },
    { name: "event bus", run: () => runtime.bus.close?.() },
    { name: "storage", run: async () => (runtime.db ? (await runtime.db).close() : undefined) },
    { name: "data dir lock", run: () => state.lock?.release() },
  ];
}

/** The secret of a webhook channel aimed at the lab's sink (basePort+10), so the sink can show whether signatures verify. */
function labHookSecret(config: IncidentConfig): string | null {
  const sinkPort = String((config.lab.basePort ?? 39_100) + 10);
  const channel = config.notify.channels.find((candidate) => candidate.type === "webhook" && URL.canParse(candidate.url) && new URL(candidate.url).port === sinkPort);
  return channel?.type === "webhook" ? (channel.secret ?? null) : null;
}

/** Starts the fault lab once; a failure is logged and not retried (probes then see its ports closed). */
async function startLab(): Promise<void> {
  const { config, env } = getRuntime();
  try {
    // The scenario's updates and CI reports reach this server's own routes as a person's would (lib/lab/human-posts.ts).
    const people = createLabClient(`http://127.0.0.1:${env.PORT}`, (team) => teamToken(getAuth().tokens, tokenSource(), team));
    setLab(await startDemoLab(config.lab, path.resolve(env.HANDBACK_DATA_DIR), people, labHookSecret(config)));
  } catch (error) {
    log.error(`fault lab did not start (probes will see its ports closed): ${messageOf(error)}`);
  }
}

/**
 * One attempt at everything that needs the data dir or storage. Steps done by an earlier attempt are
 * skipped, so a retry picks up where the last one failed; it succeeds once the probe engine runs.
 */
async function startProbing(state: BootState): Promise<void> {
  const { config, env } = getRuntime();
  // PGlite stores live in the data dir (the embedded one, the lab's Cloud SQL): one process at a time.
  if (!state.lock && (!env.DATABASE_URL || config.lab.enabled)) state.lock = lockDataDir(path.resolve(env.HANDBACK_DATA_DIR), "handback server");
  // The lab's Cloud SQL and the embedded store are two PGlite engines; on a first start each spends about
  // 3.5 s in initdb, so they initialise side by side (the probes need both: the lab's CA, the storage).
  const lab = config.lab.enabled && !state.labTried ? ((state.labTried = true), startLab()) : Promise.resolve();
  await Promise.all([lab, openIncidentOnce()]);
  const db = await getDb();
  log.info(`storage ready (${db.kind})`);
  let workflow = getWorkflow();
  if (!workflow) {
    workflow = startWorkflow(db, config, getBus());
    setWorkflow(workflow);
    await workflow.now();
  }
  const manual = env.HANDBACK_SCHEDULER === "off";
  const probeSettings = loadProbeSettings(env, getLab() ? [getLab()!.caPem] : []);
  const read = componentsCriteriaRead(config);
  const onChecked = ({ componentId }: { componentId: string }) => void (read.has(componentId) && workflow.request());
  // Claims only with a shared PostgreSQL: PGlite is single-process, so nobody else can probe its slots.
  const claims = Boolean(env.DATABASE_URL);
  setEngine(await startEngine({ config, db, bus: getBus(), concurrency: env.HANDBACK_PROBE_CONCURRENCY, location: env.HANDBACK_LOCATION, manual, ...probeSettings, onChecked, claims }));
  log.info(`probe engine started (${manual ? "on request only" : `scheduled, concurrency ${env.HANDBACK_PROBE_CONCURRENCY}`})`);
  state.retention = startRetention(db, config.incident.id, { keepRawMs: env.HANDBACK_RETENTION }); // unref'd timer: raw results → minute/hour rollups
  // Its own timer and concurrency, apart from the probe engine (docs/notifications.md); off on an instance told not to send.
  if (env.HANDBACK_NOTIFY === "on" && config.notify.rules.length > 0 && !getNotifier()) setNotifier(startNotifier({ db, config, baseUrl: publicUrl(env) }));
}

/**
 * Starts everything. What needs storage or the data dir is retried with backoff until the probe engine
 * runs; until then /api/ready answers 503 with the reason. Returns after the first attempt.
 */
export async function boot(): Promise<void> {
  capturePeerAddresses(); // before the first request is served: the failure limiter keys on the socket's address
  // Before the first request: every SSE connection can then be closed on a slow reader, and every snapshot
  // read can be sent the gzip made once per build (lib/http/node-response.ts).
  watchNodeResponses("/api/events");
  watchNodeResponses("/api/status");
  const { env } = loadConfigOrExit();
  // The memory flags npm start gives the server (bin/server-flags.mjs, docs/storage.md "Memory"); `next start` alone has none.
  log.info(`node flags: ${process.execArgv.join(" ") || "none"}`);
  const state: BootState = { starting: null, lock: null, labTried: false, retention: null };
  if (env.NEXT_MANUAL_SIG_HANDLE) exitOnSignals(() => shutdownSteps(state), SHUTDOWN_DEADLINE_MS);
  else log.info("NEXT_MANUAL_SIG_HANDLE is not set: Next.js handles SIGTERM, so results held in memory are lost at stop (npm start sets it)");
  state.starting = retryWithBackoff(() => startProbing(state), {
    onFailure: (error, nextDelayMs) => {
      const reason = messageOf(error);
      log.error(`start-up not complete, retrying in ${nextDelayMs / 1000} s (/api/ready answers 503 until probes run): ${reason}`);
    },
  });
  await state.starting.first;
}
