import { describe, expect, it } from "vitest";
import { describeEtaBasis, formatRange, formatSpan, livePhase } from "@/components/phases/format";
import type { PhaseView } from "@/lib/types";

// The phases panel's words and its live overrun, as tables.
const H = 3_600_000;
const M = 60_000;

describe("formatSpan and formatRange", () => {
  it.each<[number, string]>([
    [0, "0m"],
    [45 * M, "45m"],
    [2 * H, "2h"],
    [90 * M, "1h 30m"],
    [26 * H + 5 * M, "26h 5m"],
    [-5 * M, "0m"],
  ])("%i ms → %s", (ms, expected) => {
    expect(formatSpan(ms)).toBe(expected);
  });

  it.each<[number, number, string]>([
    [2 * H, 4 * H, "2h–4h"],
    [0, 1 * H, "0m–1h"],
    [1 * H, 1 * H, "1h"],
  ])("%i..%i → %s", (min, max, expected) => {
    expect(formatRange(min, max)).toBe(expected);
  });
});

describe("describeEtaBasis", () => {
  it("names each unfinished phase's remaining range, the active one marked", () => {
    expect(
      describeEtaBasis([
        { phaseId: "resolution", name: "Resolution", state: "active", remainingMinMs: 3 * H, remainingMaxMs: 7 * H },
        { phaseId: "validation", name: "Validation", state: "pending", remainingMinMs: 1 * H, remainingMaxMs: 2 * H },
      ]),
    ).toBe("remaining estimates of the active and pending phases: Resolution 3h–7h (active, net of time spent), Validation 1h–2h");
  });
});

describe("livePhase", () => {
  const GENERATED = "2025-09-16T10:00:00.000Z";
  const later = (ms: number) => Date.parse(GENERATED) + ms;
  const phase = (state: PhaseView["state"], elapsedMs: number | null, overrun = false): PhaseView => ({
    id: "p", name: "P", owner: "infra", estimateMinMs: 1 * H, estimateMaxMs: 2 * H, exitCriteria: [], state,
    startedAt: null, endedAt: null, endedBy: null, elapsedMs, overrun,
  });
  it.each<[string, PhaseView, number, { elapsedMs: number | null; overrun: boolean; overrunByMs: number }]>([
    ["active, inside the estimate", phase("active", 1 * H), 10 * M, { elapsedMs: 70 * M, overrun: false, overrunByMs: 0 }],
    ["active, crosses the upper bound between snapshots", phase("active", 2 * H - M), 2 * M, { elapsedMs: 2 * H + M, overrun: true, overrunByMs: M }],
    ["active, exactly at the upper bound", phase("active", 2 * H), 0, { elapsedMs: 2 * H, overrun: false, overrunByMs: 0 }],
    ["done does not keep counting", phase("done", 3 * H, true), 5 * H, { elapsedMs: 3 * H, overrun: true, overrunByMs: 1 * H }],
    ["pending has no actual", phase("pending", null), 5 * H, { elapsedMs: null, overrun: false, overrunByMs: 0 }],
  ])("%s", (_name, view, after, expected) => {
    expect(livePhase(view, GENERATED, later(after))).toEqual(expected);
  });
});
