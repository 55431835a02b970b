import "server-only";
import type { IncidentConfig } from "../config";
import { getCriterionStates, getIncidentState, latestResults, latestTestRuns, type DbQuery } from "../db";
import type { StatusSnapshot } from "../types";
import { getConfig, getDb, getEngine } from "../runtime";
import { readProgress } from "./progress";
import { buildSnapshot, type SnapshotInputs } from "./snapshot";

/** Reads everything the snapshot shows from storage. */
export async function readSnapshotInputs(db: DbQuery, config: IncidentConfig, now: Date): Promise<SnapshotInputs> {
  const [incidentState, results, criterionStates, testRuns, progress] = await Promise.all([
    getIncidentState(db, config.incident.id),
    latestResults(db),
    getCriterionStates(db),
    latestTestRuns(db),
    readProgress(db, config, now),
  ]);
  return { incidentState, latestResults: results, criterionStates, latestTestRuns: testRuns, progress };
}

/** The current snapshot (`GET /api/status` and the pages' first paint). */
export async function readSnapshot(): Promise<StatusSnapshot> {
  const config = getConfig();
  const now = new Date();
  const snapshot = buildSnapshot(config, await readSnapshotInputs(await getDb(), config, now), now);
  // While the engine still holds results for storage, the page says "storage degraded".
  const storage = getEngine()?.storage();
  return storage ? { ...snapshot, storage } : snapshot;
}
