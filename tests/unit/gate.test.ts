import { describe, expect, it } from "vitest";
import { judgeGate, regressionsOf, resolveRefusal, type GateCriterion } from "@/lib/incident/gate";
import type { CriterionState, IncidentState } from "@/lib/types";

// The one gate: handback on infra's criteria, resolution on every criterion plus a watch that ended clean.

const HOUR = 60 * 60_000;
const HANDED_BACK_AT = "2026-01-01T10:00:00.000Z";
const DURING = new Date("2026-01-01T10:30:00.000Z");
const AFTER = new Date("2026-01-01T11:00:00.000Z");

function criteria(infra: CriterionState[], dev: CriterionState[]): GateCriterion[] {
  return [
    ...infra.map((state, index) => ({ id: `infra-${index}`, title: `Infra ${index}`, owner: "infra", state })),
    ...dev.map((state, index) => ({ id: `dev-${index}`, title: `Dev ${index}`, owner: "dev", state })),
  ];
}

type Row = [label: string, infra: CriterionState[], dev: CriterionState[], state: IncidentState, now: Date, expected: { handback: boolean; resolve: boolean; infraUnmet: number; unmet: number; watch: "none" | "running" | "ended" }];

const cases: Row[] = [
  ["nothing met", ["unmet", "unknown"], ["unmet"], "remediating", DURING, { handback: false, resolve: false, infraUnmet: 2, unmet: 3, watch: "none" }],
  ["infra met, dev open: ready for handback, not to resolve", ["met", "met"], ["unmet", "unknown"], "ready_for_handback", DURING, { handback: true, resolve: false, infraUnmet: 0, unmet: 2, watch: "none" }],
  ["dev met, infra open: not ready for handback", ["met", "unmet"], ["met"], "remediating", DURING, { handback: false, resolve: false, infraUnmet: 1, unmet: 1, watch: "none" }],
  ["no infra criterion: never ready for handback", [], ["met"], "remediating", DURING, { handback: false, resolve: false, infraUnmet: 0, unmet: 0, watch: "none" }],
  ["all met but not handed back", ["met"], ["met"], "ready_for_handback", AFTER, { handback: true, resolve: false, infraUnmet: 0, unmet: 0, watch: "none" }],
  ["handed back, all met, watch running", ["met"], ["met"], "handed_back", DURING, { handback: true, resolve: false, infraUnmet: 0, unmet: 0, watch: "running" }],
  ["handed back, all met, watch ended", ["met"], ["met"], "handed_back", AFTER, { handback: true, resolve: true, infraUnmet: 0, unmet: 0, watch: "ended" }],
  ["handed back, watch ended, golden path unsigned", ["met"], ["met", "unmet"], "handed_back", AFTER, { handback: true, resolve: false, infraUnmet: 0, unmet: 1, watch: "ended" }],
  ["resolved: no watch", ["met"], ["met"], "resolved", AFTER, { handback: true, resolve: false, infraUnmet: 0, unmet: 0, watch: "none" }],
];

describe("judgeGate", () => {
  it.each(cases)("%s", (_label, infra, dev, state, now, expected) => {
    const gate = judgeGate(criteria(infra, dev), { state, since: HANDED_BACK_AT }, HOUR, now);
    expect(gate.readyForHandback).toBe(expected.handback);
    expect(gate.readyToResolve).toBe(expected.resolve);
    expect(gate.infraUnmet).toHaveLength(expected.infraUnmet);
    expect(gate.unmet).toHaveLength(expected.unmet);
    expect(gate.watch === null ? "none" : gate.watch.ended ? "ended" : "running").toBe(expected.watch);
    expect(resolveRefusal(gate) === null).toBe(expected.resolve);
  });

  it("the watch runs from the handback for the configured length", () => {
    const gate = judgeGate(criteria(["met"], []), { state: "handed_back", since: HANDED_BACK_AT }, 24 * HOUR, AFTER);
    expect(gate.watch).toEqual({ since: HANDED_BACK_AT, until: "2026-01-02T10:00:00.000Z", ended: false });
  });

  it("a refused resolve names every unmet criterion and the watch", () => {
    const gate = judgeGate(criteria(["met"], ["unmet", "unknown"]), { state: "handed_back", since: HANDED_BACK_AT }, HOUR, DURING);
    expect(resolveRefusal(gate)).toBe("cannot resolve: 2 criteria are not met (dev-0, dev-1); the watch after the handback runs until 2026-01-01T11:00:00.000Z");
    expect(gate.unmet).toEqual([
      { id: "dev-0", title: "Dev 0", owner: "dev", state: "unmet" },
      { id: "dev-1", title: "Dev 1", owner: "dev", state: "unknown" },
    ]);
  });
});

describe("regressionsOf", () => {
  const watch = (now: Date) => judgeGate([], { state: "handed_back", since: HANDED_BACK_AT }, HOUR, now).watch;
  it.each([
    ["an infra criterion unmet during the watch", criteria(["met", "unmet"], []), watch(DURING), ["infra-1"]],
    ["unknown is not a regression (no evidence either way)", criteria(["unknown"], []), watch(DURING), []],
    ["a dev criterion unmet is not a regression", criteria(["met"], ["unmet"]), watch(DURING), []],
    ["after the watch ended", criteria(["unmet"], []), watch(AFTER), []],
    ["not handed back", criteria(["unmet"], []), null, []],
  ] as const)("%s", (_label, list, current, expected) => {
    expect(regressionsOf(list, current).map((criterion) => criterion.id)).toEqual(expected);
  });
});
