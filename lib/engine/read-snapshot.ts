import "server-only";
import { currentSignoffs, getCriterionStates, getIncidentState, latestResults, latestTestRuns } from "../db";
import type { StatusSnapshot } from "../types";
import { getConfig, getDb } from "../runtime";
import { buildSnapshot } from "./snapshot";

/** Reads storage and builds the current snapshot (`GET /api/status` and the pages' first paint). */
export async function readSnapshot(): Promise<StatusSnapshot> {
  const config = getConfig();
  const db = await getDb();
  const [incidentState, results, criterionStates, signoffs, testRuns] = await Promise.all([
    getIncidentState(db, config.incident.id),
    latestResults(db),
    getCriterionStates(db),
    currentSignoffs(db),
    latestTestRuns(db),
  ]);
  return buildSnapshot(
    config,
    { incidentState, latestResults: results, criterionStates, signoffs, latestTestRuns: testRuns },
    new Date(),
  );
}
