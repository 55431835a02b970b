import "server-only";
import { appendTimeline, getIncidentState, setIncidentState } from "./db";
import { log } from "./log";
import { ConfigInvalidError, getDb, getRuntime } from "./runtime";

// Server start-up, called once from instrumentation.ts.

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

/** Loads the config (exit 2 when invalid) and opens storage; a storage failure leaves the server up but not ready. */
export async function boot(): Promise<void> {
  try {
    const { config, configPath } = getRuntime();
    log.info(`incident ${config.incident.id} from ${configPath}: ${config.components.length} components`);
  } catch (error) {
    if (!(error instanceof ConfigInvalidError)) throw error;
    console.error(error.message);
    process.exit(2);
  }
  try {
    await openIncidentOnce();
    log.info(`storage ready (${(await getDb()).kind})`);
  } catch (error) {
    log.error(`storage unavailable at start-up; /api/ready answers 503 until it returns: ${error instanceof Error ? error.message : String(error)}`);
  }
}
