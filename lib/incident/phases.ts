import type { PhaseConfig } from "../config";
import type { EtaBasisView, EtaView, PhaseView } from "../types";

// Phases run in order. A phase has ended when someone completed it, when all its exit criteria are met,
// or when a later phase has ended (then its end is inferred). ETA = now + the remaining estimate range,
// and its basis lists each unfinished phase's share, so the page can say what the range is made of.

/** One phase's progress as shown in the snapshot. */
export type PhaseProgress = PhaseView;

/** Evidence a phase has ended, by phase id: when it was completed by hand or its criteria were all met. */
export type PhaseEnds = Map<string, { at: string; by: "completed" | "criteria" }>;

/** Earliest evidence of an end for each phase, carried back from later phases (sequential phases). */
function resolveEnds(phases: PhaseConfig[], ends: PhaseEnds): ({ at: string; by: PhaseProgress["endedBy"] } | null)[] {
  const resolved: ({ at: string; by: PhaseProgress["endedBy"] } | null)[] = phases.map((phase) => ends.get(phase.id) ?? null);
  for (let index = resolved.length - 2; index >= 0; index--) {
    const later = resolved[index + 1];
    const own = resolved[index];
    if (later && (!own || Date.parse(later.at) < Date.parse(own.at))) resolved[index] = { at: later.at, by: "inferred" };
  }
  return resolved;
}

/** Computes every phase's state, times and overrun, and the ETA range of the whole plan. */
export function computePhases(phases: PhaseConfig[], incidentStartedAt: string, ends: PhaseEnds, now: Date) {
  const resolved = resolveEnds(phases, ends);
  let previousEnd = incidentStartedAt;
  let activeSeen = false;
  const basis: EtaBasisView[] = [];
  const progress: PhaseProgress[] = phases.map((phase, index) => {
    const end = resolved[index] ?? null;
    const base = { id: phase.id, name: phase.name, owner: phase.owner, estimateMinMs: phase.estimate.minMs, estimateMaxMs: phase.estimate.maxMs, exitCriteria: phase.exitCriteria };
    if (end) {
      const elapsedMs = Math.max(0, Date.parse(end.at) - Date.parse(previousEnd));
      const done = { ...base, state: "done" as const, startedAt: previousEnd, endedAt: end.at, endedBy: end.by, elapsedMs, overrun: elapsedMs > phase.estimate.maxMs };
      previousEnd = end.at;
      return done;
    }
    if (!activeSeen) {
      activeSeen = true;
      const elapsedMs = Math.max(0, now.getTime() - Date.parse(previousEnd));
      basis.push({ phaseId: phase.id, name: phase.name, state: "active", remainingMinMs: Math.max(0, phase.estimate.minMs - elapsedMs), remainingMaxMs: Math.max(0, phase.estimate.maxMs - elapsedMs) });
      return { ...base, state: "active" as const, startedAt: previousEnd, endedAt: null, endedBy: null, elapsedMs, overrun: elapsedMs > phase.estimate.maxMs };
    }
    basis.push({ phaseId: phase.id, name: phase.name, state: "pending", remainingMinMs: phase.estimate.minMs, remainingMaxMs: phase.estimate.maxMs });
    return { ...base, state: "pending" as const, startedAt: null, endedAt: null, endedBy: null, elapsedMs: null, overrun: false };
  });
  const sum = (pick: (share: EtaBasisView) => number) => basis.reduce((total, share) => total + pick(share), 0);
  const eta: EtaView | null = activeSeen
    ? {
        earliest: new Date(now.getTime() + sum((share) => share.remainingMinMs)).toISOString(),
        latest: new Date(now.getTime() + sum((share) => share.remainingMaxMs)).toISOString(),
        basis,
      }
    : null;
  return { phases: progress, eta, active: progress.find((phase) => phase.state === "active") ?? null };
}

/** How a done phase ended, in words (the phases panel and the report say the same). */
export function endedByText(endedBy: PhaseProgress["endedBy"]): string {
  if (endedBy === "completed") return "completed by its owner";
  if (endedBy === "criteria") return "its exit criteria were met";
  if (endedBy === "inferred") return "a later phase ended";
  return "";
}
