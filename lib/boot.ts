import "server-only";
import path from "node:path";
import { getAuth, TokenConfigError } from "./auth";
import { appendTimeline, getIncidentState, setIncidentState } from "./db";
import { recordTestRun } from "./engine/actions";
import { startEngine } from "./engine/engine";
import { startRetention, type Retention } from "./engine/retention";
import { parseJUnit } from "./junit/parse";
import { startDemoLab } from "./lab/demo-lab";
import { log } from "./log";
import { startWorkflow } from "./engine/workflow";
import { exitOnSignals, PROBE_GRACE_MS, type ShutdownStep } from "./shutdown";
import { ConfigInvalidError, getBus, getDb, getLab, getRuntime, getWorkflow, setEngine, setLab, setWorkflow } from "./runtime";
import { watchStreamConnections } from "./events/sse-sockets";

// Server start-up, called once from instrumentation.ts: config, fault lab, storage, probe engine.

/** Records the incident's opening the first time this store sees it, so the timeline starts at the start. */
async function openIncidentOnce(): Promise<void> {
  const { config } = getRuntime();
  const db = await getDb();
  await db.transaction(async (tx) => {
    if (await getIncidentState(tx, config.incident.id)) return;
    await setIncidentState(tx, { incidentId: config.incident.id, state: "investigating", actor: "handback" });
    await appendTimeline(tx, {
      type: "state",
      actor: "handback",
      text: `${config.incident.id} opened in Handback: ${config.incident.title} (state investigating)`,
      data: { state: "investigating" },
    });
  });
}

// The demo lab's CI posts its reports through the same parser and storage as POST /api/test-runs.
const LAB_CI = { name: "lab-ci", role: "dev" };

async function storeLabReport(suite: string, xml: string): Promise<void> {
  await recordTestRun(await getDb(), getBus(), suite, parseJUnit(xml), LAB_CI);
  getWorkflow()?.request();
}

function loadConfigOrExit() {
  try {
    const { config, configPath } = getRuntime();
    log.info(`incident ${config.incident.id} from ${configPath}: ${config.components.length} components`);
    getAuth();
    return getRuntime();
  } catch (error) {
    if (!(error instanceof ConfigInvalidError) && !(error instanceof TokenConfigError)) throw error;
    console.error(error.message);
    process.exit(2);
  }
}

// Everything must be done well inside the 10 s a container runtime waits between SIGTERM and SIGKILL.
const SHUTDOWN_DEADLINE_MS = 8_000;

/** What a graceful stop does, in order: probing first (its results need storage), storage last. */
function shutdownSteps(retention: () => Retention | null): ShutdownStep[] {
  const runtime = getRuntime();
  return [
    { name: "readiness", run: () => (runtime.stopping = true) },
    { name: "probe engine", run: () => runtime.engine?.stop({ graceMs: PROBE_GRACE_MS }) },
    { name: "workflow", run: () => runtime.workflow?.stop() },
    { name: "retention", run: () => retention()?.stop() },
    { name: "fault lab", run: () => runtime.lab?.close() },
    { name: "event bus", run: () => runtime.bus.close?.() },
    { name: "storage", run: async () => (runtime.db ? (await runtime.db).close() : undefined) },
  ];
}

/** Starts everything; a storage failure leaves the server up but not ready, and is logged with the reason. */
export async function boot(): Promise<void> {
  const { config, env } = loadConfigOrExit();
  watchStreamConnections(); // before the first request, so that every SSE connection can be closed on a slow reader
  let retention: Retention | null = null;
  if (env.NEXT_MANUAL_SIG_HANDLE) exitOnSignals(() => shutdownSteps(() => retention), SHUTDOWN_DEADLINE_MS);
  else log.info("NEXT_MANUAL_SIG_HANDLE is not set: Next.js handles SIGTERM, so results held in memory are lost at stop (npm start sets it)");
  if (config.lab.enabled) {
    try {
      setLab(await startDemoLab(config.lab, path.resolve(env.HANDBACK_DATA_DIR), storeLabReport));
    } catch (error) {
      log.error(`fault lab did not start (probes will see its ports closed): ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  try {
    await openIncidentOnce();
    const db = await getDb();
    log.info(`storage ready (${db.kind})`);
    const manual = env.HANDBACK_SCHEDULER === "off";
    const ca = getLab() ? [getLab()!.caPem] : undefined;
    const workflow = startWorkflow(db, config, getBus());
    setWorkflow(workflow);
    await workflow.now();
    const onChecked = () => workflow.request();
    // Claims only with a shared PostgreSQL: PGlite is single-process, so nobody else can probe its slots.
    const claims = Boolean(env.DATABASE_URL);
    setEngine(await startEngine({ config, db, bus: getBus(), concurrency: env.HANDBACK_PROBE_CONCURRENCY, location: env.HANDBACK_LOCATION, manual, ca, onChecked, claims }));
    log.info(`probe engine started (${manual ? "on request only" : `scheduled, concurrency ${env.HANDBACK_PROBE_CONCURRENCY}`})`);
    retention = startRetention(db, { keepRawMs: env.HANDBACK_RETENTION }); // unref'd timer: raw results → minute/hour rollups
  } catch (error) {
    log.error(`storage unavailable at start-up; /api/ready answers 503 until it returns: ${error instanceof Error ? error.message : String(error)}`);
  }
}
