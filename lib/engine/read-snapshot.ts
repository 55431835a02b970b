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

async function buildCurrentSnapshot(): Promise<StatusSnapshot> {
  const config = getConfig();
  const now = new Date();
  const snapshot = buildSnapshot(config, await readSnapshotInputs(await getDb(), config, now), now);
  // While the engine still holds results for storage, the page says "storage degraded".
  const storage = getEngine()?.storage();
  return storage ? { ...snapshot, storage } : snapshot;
}

// Requests that arrive while a snapshot is being built share it: when a status change makes every open page
// refetch at once, the server builds one snapshot (≈100 ms at 2,000 components), not one per page. A shared
// snapshot predates a request by at most one build; `generatedAt` says when it was taken.
let building: Promise<StatusSnapshot> | null = null;

/** The current snapshot (`GET /api/status` and the pages' first paint). */
export function readSnapshot(): Promise<StatusSnapshot> {
  building ??= buildCurrentSnapshot().finally(() => (building = null));
  return building;
}
