import "server-only";
import type { IncidentConfig } from "../config";
import { getCriterionStates, listTimeline, type DbQuery } from "../db";
import { cadenceOwner, readCadence } from "./announce-overdue";
import { phaseEndsFrom } from "./phase-ends";
import { computePhases } from "./phases";

/** The timeline entries progress reads (phase completions, the owner's updates): others leave it as it was. */
export const PROGRESS_ENTRY_TYPES: ReadonlySet<string> = new Set(["phase", "update"]);

/** Phases, ETA and update cadence as of `now`, read from storage (the snapshot and the announcer share it). */
export async function readProgress(db: DbQuery, config: IncidentConfig, now: Date) {
  const [criterionStates, phaseEntries] = await Promise.all([getCriterionStates(db, config.incident.id), listTimeline(db, config.incident.id, { types: ["phase"], limit: 1000 })]);
  const plan = computePhases(config.phases, config.incident.startedAt, phaseEndsFrom(config.phases, criterionStates, phaseEntries), now);
  const cadence = await readCadence(db, config, cadenceOwner(config, plan.active?.owner ?? null), now);
  return { ...plan, cadence };
}
