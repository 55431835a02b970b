import { describe, expect, it } from "vitest";
import type { CriterionStateRow, TimelineEvent } from "@/lib/db";
import { reportPhases, type PhaseFacts } from "@/lib/report/phases";

// The report's phases by the live page's rule (docs/incidents.md "The report"): a "completed" entry or all
// exit criteria met ends a phase, the earlier wins, and a later phase's end ends the ones before it.

const H = 3_600_000;
const START = "2025-09-16T08:00:00.000Z";
const at = (hours: number) => new Date(Date.parse(START) + hours * H).toISOString();
const PLAN: PhaseFacts["phases"] = [
  { id: "diagnosis", name: "Diagnosis", owner: "infra", estimateMinMs: 1 * H, estimateMaxMs: 2 * H, exitCriteria: [] },
  { id: "validation", name: "Validation", owner: "infra", estimateMinMs: 1 * H, estimateMaxMs: 2 * H, exitCriteria: ["health", "tls"] },
];
const met = (criterionId: string, hours: number, state: CriterionStateRow["state"] = "met"): CriterionStateRow => ({ criterionId, state, changedAt: at(hours), evidence: null });
let nextId = 1;
const completed = (phaseId: string, hours: number): TimelineEvent => ({ id: nextId++, at: at(hours), type: "phase", team: "infra", actor: "ana", text: `${phaseId} completed`, data: { phaseId, action: "completed" } });
const note = (hours: number): TimelineEvent => ({ id: nextId++, at: at(hours), type: "note", team: "infra", actor: "ana", text: "completed", data: { phaseId: "validation", action: "completed" } });

type Row = { endedAt: string | null; endedBy: string | null; actualMs: number | null; overrun: boolean };
const cases: [string, Partial<PhaseFacts>, [Row, Row]][] = [
  [
    "completed entries end both phases",
    { timeline: [completed("diagnosis", 1), completed("validation", 4)] },
    [{ endedAt: at(1), endedBy: "completed", actualMs: 1 * H, overrun: false }, { endedAt: at(4), endedBy: "completed", actualMs: 3 * H, overrun: true }],
  ],
  [
    "exit criteria all met end a phase with no completed entry, at the later change",
    { timeline: [completed("diagnosis", 1)], criterionStates: [met("health", 2), met("tls", 2.5)] },
    [{ endedAt: at(1), endedBy: "completed", actualMs: 1 * H, overrun: false }, { endedAt: at(2.5), endedBy: "criteria", actualMs: 1.5 * H, overrun: false }],
  ],
  [
    "one exit criterion unmet: the phase has not ended",
    { timeline: [completed("diagnosis", 1)], criterionStates: [met("health", 2), met("tls", 2.5, "unmet")] },
    [{ endedAt: at(1), endedBy: "completed", actualMs: 1 * H, overrun: false }, { endedAt: null, endedBy: null, actualMs: null, overrun: false }],
  ],
  [
    "criteria met before the completed entry: the earlier end wins",
    { timeline: [completed("diagnosis", 1), completed("validation", 6)], criterionStates: [met("health", 2), met("tls", 3)] },
    [{ endedAt: at(1), endedBy: "completed", actualMs: 1 * H, overrun: false }, { endedAt: at(3), endedBy: "criteria", actualMs: 2 * H, overrun: false }],
  ],
  [
    "a later phase ended first: the earlier one ends then too (inferred)",
    { criterionStates: [met("health", 3), met("tls", 3)] },
    [{ endedAt: at(3), endedBy: "inferred", actualMs: 3 * H, overrun: true }, { endedAt: at(3), endedBy: "criteria", actualMs: 0, overrun: false }],
  ],
  [
    "a definition stored before exitCriteria joined it ends phases by entries only",
    { phases: PLAN.map(({ id, name, owner, estimateMinMs, estimateMaxMs }) => ({ id, name, owner, estimateMinMs, estimateMaxMs })), timeline: [completed("diagnosis", 1)], criterionStates: [met("health", 2), met("tls", 2)] },
    [{ endedAt: at(1), endedBy: "completed", actualMs: 1 * H, overrun: false }, { endedAt: null, endedBy: null, actualMs: null, overrun: false }],
  ],
  [
    "only phase entries count: a note carrying the same data ends nothing",
    { timeline: [note(1)] },
    [{ endedAt: null, endedBy: null, actualMs: null, overrun: false }, { endedAt: null, endedBy: null, actualMs: null, overrun: false }],
  ],
  [
    "no start stored: ends are shown, lengths are not",
    { startedAt: null, timeline: [completed("diagnosis", 1)] },
    [{ endedAt: at(1), endedBy: "completed", actualMs: null, overrun: false }, { endedAt: null, endedBy: null, actualMs: null, overrun: false }],
  ],
];

describe("reportPhases", () => {
  it.each(cases)("%s", (_, facts, expected) => {
    const phases = reportPhases({ phases: PLAN, startedAt: START, criterionStates: [], timeline: [], endedAt: at(8), ...facts });
    expect(phases.map(({ endedAt, endedBy, actualMs, overrun }) => ({ endedAt, endedBy, actualMs, overrun }))).toEqual(expected);
  });
});
