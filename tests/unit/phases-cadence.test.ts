import { describe, expect, it } from "vitest";
import type { PhaseConfig } from "@/lib/config";
import { computeCadence } from "@/lib/incident/cadence";
import { computePhases, type PhaseEnds } from "@/lib/incident/phases";

const H = 3_600_000;
const phase = (id: string, min: number, max: number, exitCriteria: string[] = []): PhaseConfig => ({ id, name: id, owner: "infra", estimate: { minMs: min * H, maxMs: max * H }, exitCriteria });
const PLAN = [phase("diagnosis", 2, 4), phase("resolution", 4, 8), phase("validation", 1, 2, ["health"])];
const START = "2025-09-16T08:00:00.000Z";
const at = (hours: number) => new Date(Date.parse(START) + hours * H);

describe("computePhases", () => {
  it("starts with the first phase active and the ETA as the sum of the estimates", () => {
    const { phases, eta } = computePhases(PLAN, START, new Map(), at(1));
    expect(phases.map((p) => p.state)).toEqual(["active", "pending", "pending"]);
    expect(eta).toEqual({
      earliest: at(1 + 1 + 4 + 1).toISOString(),
      latest: at(1 + 3 + 8 + 2).toISOString(),
      basis: [
        { phaseId: "diagnosis", name: "diagnosis", state: "active", remainingMinMs: 1 * H, remainingMaxMs: 3 * H },
        { phaseId: "resolution", name: "resolution", state: "pending", remainingMinMs: 4 * H, remainingMaxMs: 8 * H },
        { phaseId: "validation", name: "validation", state: "pending", remainingMinMs: 1 * H, remainingMaxMs: 2 * H },
      ],
    });
  });

  it("flags an active phase past its upper estimate as overrun and counts nothing left for it", () => {
    const { phases, eta } = computePhases(PLAN, START, new Map(), at(5));
    expect(phases[0]).toMatchObject({ state: "active", overrun: true });
    expect(eta?.latest).toBe(at(5 + 8 + 2).toISOString());
    expect(eta?.basis[0]).toMatchObject({ phaseId: "diagnosis", remainingMinMs: 0, remainingMaxMs: 0 });
  });

  it("ends a phase when completed and starts the next one there", () => {
    const ends: PhaseEnds = new Map([["diagnosis", { at: at(3).toISOString(), by: "completed" }]]);
    const { phases } = computePhases(PLAN, START, ends, at(4));
    expect(phases[0]).toMatchObject({ state: "done", endedBy: "completed", elapsedMs: 3 * H, overrun: false });
    expect(phases[1]).toMatchObject({ state: "active", startedAt: at(3).toISOString(), elapsedMs: 1 * H });
  });

  it("infers the end of earlier phases when a later phase's exit criteria are met, and has no ETA when all are done", () => {
    const ends: PhaseEnds = new Map([["validation", { at: at(6).toISOString(), by: "criteria" }]]);
    const { phases, eta } = computePhases(PLAN, START, ends, at(7));
    expect(phases.map((p) => [p.state, p.endedBy])).toEqual([["done", "inferred"], ["done", "inferred"], ["done", "criteria"]]);
    expect(eta).toBeNull();
  });
});

describe("computeCadence", () => {
  const base = { everyMs: 2 * H, owner: "infra", incidentStartedAt: START, state: "remediating" as const };
  it.each<[string, { at: string; actor: string } | null, number, boolean]>([
    ["no update yet, within the first interval", null, 1, false],
    ["no update yet, past the first interval", null, 3, true],
    ["a recent update", { at: at(5).toISOString(), actor: "alice" }, 6, false],
    ["an old update", { at: at(5).toISOString(), actor: "alice" }, 7.5, true],
  ])("%s", (_name, lastUpdate, nowHours, overdue) => {
    expect(computeCadence({ ...base, lastUpdate, now: at(nowHours) }).overdue).toBe(overdue);
  });

  it("is never overdue once handed back", () => {
    expect(computeCadence({ ...base, state: "handed_back", lastUpdate: null, now: at(100) })).toMatchObject({ overdue: false, dueAt: null });
  });
});
