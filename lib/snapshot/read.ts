import "server-only";
import type { IncidentConfig } from "../config";
import { getCriterionStates, getIncidentState, latestResults, latestTestRuns, suiteCaseHistory, type DbQuery } from "../db";
import type { StatusSnapshot } from "../types";
import { getConfig, getDb, getEngine, getRuntime } from "../runtime";
import { readProgress } from "../incident/progress";
import { isTransientStorageError } from "../engine/result-buffer";
import { buildSnapshot, type SnapshotInputs } from "./build";
import { CASE_HISTORY_RUNS } from "./tests";

/** Reads everything the snapshot shows from storage. */
export async function readSnapshotInputs(db: DbQuery, config: IncidentConfig, now: Date): Promise<SnapshotInputs> {
  const suites = config.tests.suites.map((suite) => suite.id);
  const [incidentState, results, criterionStates, testRuns, progress, ...histories] = await Promise.all([
    getIncidentState(db, config.incident.id),
    latestResults(db),
    getCriterionStates(db),
    latestTestRuns(db),
    readProgress(db, config, now),
    ...suites.map((suite) => suiteCaseHistory(db, config.incident.id, suite, CASE_HISTORY_RUNS)),
  ]);
  const suiteCases = Object.fromEntries(suites.map((suite, index) => [suite, histories[index] ?? []]));
  return { incidentState, latestResults: results, criterionStates, latestTestRuns: testRuns, progress, suiteCases };
}

// While storage is away, the last inputs read from it stand in, with this process's own newest results on
// top (buildSnapshot keeps the newer result of each component × location): probing goes on, so the matrix
// stays live, while criteria, phases and tests stay as last read. `storage` then says "degraded". The last
// inputs live in the runtime (globalThis): the page and GET /api/status are separate bundles.
let readFailingSince: string | null = null;

/** The inputs from storage; during an outage, the last ones read plus the engine's own results (and since when). */
async function readInputsOrStandIn(config: IncidentConfig, now: Date): Promise<{ inputs: SnapshotInputs; outageSince: string | null }> {
  try {
    const inputs = await readSnapshotInputs(await getDb(), config, now);
    getRuntime().lastSnapshotInputs = inputs;
    readFailingSince = null;
    return { inputs, outageSince: null };
  } catch (error) {
    const engine = getEngine();
    const lastInputs = getRuntime().lastSnapshotInputs;
    if (!lastInputs || !engine || !isTransientStorageError(error)) throw error;
    readFailingSince ??= now.toISOString();
    return { inputs: { ...lastInputs, latestResults: [...lastInputs.latestResults, ...engine.latestResults()] }, outageSince: readFailingSince };
  }
}

async function buildCurrentSnapshot(): Promise<StatusSnapshot> {
  const config = getConfig();
  const now = new Date();
  const { inputs, outageSince } = await readInputsOrStandIn(config, now);
  const snapshot = buildSnapshot(config, inputs, now);
  // While the engine holds results for storage, or storage does not answer, the page says "storage degraded".
  const storage = getEngine()?.storage();
  if (!storage) return snapshot;
  return { ...snapshot, storage: outageSince ? { ...storage, degraded: true, since: storage.since ?? outageSince } : storage };
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
