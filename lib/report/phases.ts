import type { CriterionStateRow, TimelineEvent } from "../db";
import { phaseEndsFrom } from "../incident/phase-ends";
import { computePhases } from "../incident/phases";
import type { PhaseView } from "../types";
import type { ReportDefinition } from "./definition";

// Phases plan vs actual in the report (docs/incidents.md "The report"), by the live page's own rule: a phase
// ends at its "completed" entry or when all its exit criteria are met (the latest of their stored change
// times), whichever is earlier, and a phase a later one ended before it is ended then too ("inferred").
// Pure: computePhases runs with the report's end as "now", so the report shows what the page showed.

/** One phase, plan against what happened. */
export interface ReportPhase {
  id: string;
  name: string;
  owner: string;
  estimateMinMs: number;
  estimateMaxMs: number;
  endedAt: string | null;
  /** What ended it: completed by its owner, its exit criteria met, or inferred from a later phase's end. */
  endedBy: PhaseView["endedBy"];
  actualMs: number | null;
  overrun: boolean;
}

/** What the phases of a report are read from. */
export interface PhaseFacts {
  phases: ReportDefinition["phases"];
  startedAt: string | null;
  criterionStates: readonly CriterionStateRow[];
  timeline: readonly TimelineEvent[];
  endedAt: string;
}

/** Every planned phase with its end, what ended it, its actual length and overrun (only once ended). */
export function reportPhases(facts: PhaseFacts): ReportPhase[] {
  // A definition stored before exitCriteria joined it (docs/incidents.md) ends phases by entries only.
  const plan = facts.phases.map((phase) => ({
    id: phase.id,
    name: phase.name,
    owner: phase.owner,
    estimate: { minMs: phase.estimateMinMs, maxMs: phase.estimateMaxMs },
    exitCriteria: phase.exitCriteria ?? [],
  }));
  const entries = facts.timeline.filter((entry) => entry.type === "phase");
  const ends = phaseEndsFrom(plan, facts.criterionStates, entries);
  const computed = computePhases(plan, facts.startedAt ?? facts.endedAt, ends, new Date(facts.endedAt)).phases;
  return computed.map((phase) => {
    const ended = phase.state === "done" && facts.startedAt !== null;
    return {
      id: phase.id,
      name: phase.name,
      owner: phase.owner,
      estimateMinMs: phase.estimateMinMs,
      estimateMaxMs: phase.estimateMaxMs,
      endedAt: phase.endedAt,
      endedBy: phase.endedBy,
      actualMs: ended ? phase.elapsedMs : null,
      overrun: ended && phase.overrun,
    };
  });
}
