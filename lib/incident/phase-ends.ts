import type { PhaseConfig } from "../config";
import type { CriterionStateRow, TimelineEvent } from "../db";
import type { PhaseEnds } from "./phases";

/**
 * What has ended each phase: a "completed" phase entry in the timeline, or all its exit criteria met
 * (at the latest of their change times). The earlier of the two wins. The live page and the report
 * (lib/report/phases.ts) both read it, from the stored criterion states and phase entries.
 */
export function phaseEndsFrom(phases: readonly Pick<PhaseConfig, "id" | "exitCriteria">[], criterionStates: readonly CriterionStateRow[], phaseEntries: readonly TimelineEvent[]): PhaseEnds {
  const ends: PhaseEnds = new Map();
  for (const entry of phaseEntries) {
    const data = entry.data as { phaseId?: string; action?: string } | null;
    if (data?.action !== "completed" || !data.phaseId) continue;
    const seen = ends.get(data.phaseId);
    if (!seen || Date.parse(entry.at) < Date.parse(seen.at)) ends.set(data.phaseId, { at: entry.at, by: "completed" });
  }
  for (const phase of phases) {
    if (phase.exitCriteria.length === 0) continue;
    const states = phase.exitCriteria.map((id) => criterionStates.find((row) => row.criterionId === id));
    if (!states.every((row) => row?.state === "met")) continue;
    const at = new Date(Math.max(...states.map((row) => Date.parse(row!.changedAt)))).toISOString();
    const seen = ends.get(phase.id);
    if (!seen || Date.parse(at) < Date.parse(seen.at)) ends.set(phase.id, { at, by: "criteria" });
  }
  return ends;
}
