import { describe, expect, it } from "vitest";
import { applyVerdict, confirmingOf, INITIAL_STATE, retryingOf, sameState, type ComponentState, type Verdict } from "@/lib/engine/status-machine";

const run = (verdicts: Verdict[], failureThreshold = 2, successThreshold = 1): ComponentState["status"][] => {
  let state = INITIAL_STATE;
  return verdicts.map((verdict) => (state = applyVerdict(state, verdict, { failureThreshold, successThreshold })).status);
};

describe("applyVerdict", () => {
  it.each<[string, Verdict[], number, number, string[]]>([
    ["one failure is not yet down", ["fail"], 2, 1, ["unknown"]],
    ["two consecutive failures are down", ["fail", "fail"], 2, 1, ["unknown", "down"]],
    ["a pass between failures resets the streak", ["pass", "fail", "pass", "fail"], 2, 1, ["operational", "operational", "operational", "operational"]],
    ["threshold 1 goes down at once", ["pass", "fail"], 1, 1, ["operational", "down"]],
    ["recovery needs successThreshold passes", ["fail", "fail", "pass", "pass"], 2, 2, ["unknown", "down", "down", "operational"]],
    ["first check passes at once with threshold 1", ["pass"], 2, 1, ["operational"]],
    ["degraded follows at once from operational", ["pass", "degraded", "pass"], 2, 1, ["operational", "degraded", "operational"]],
    ["degraded counts as recovery from down", ["fail", "fail", "degraded"], 2, 1, ["unknown", "down", "degraded"]],
    ["an unknown verdict (Nagios 3) is unknown", ["pass", "unknown", "fail"], 1, 1, ["operational", "unknown", "down"]],
    ["a failing operational component stays up until the threshold", ["pass", "fail", "fail", "fail"], 3, 1, ["operational", "operational", "operational", "down"]],
  ])("%s", (_name, verdicts, failureThreshold, successThreshold, expected) => {
    expect(run(verdicts, failureThreshold, successThreshold)).toEqual(expected);
  });
});

describe("streak counters stop at their threshold", () => {
  const thresholds = { failureThreshold: 3, successThreshold: 2 };
  const after = (verdicts: Verdict[], from: ComponentState = INITIAL_STATE) => verdicts.reduce((state, verdict) => applyVerdict(state, verdict, thresholds), from);
  it.each<[string, Verdict[], ComponentState]>([
    ["passes while up stay at successThreshold", ["pass", "pass", "pass", "pass"], { status: "operational", failures: 0, successes: 2 }],
    ["failures while down stay at failureThreshold", ["fail", "fail", "fail", "fail", "fail"], { status: "down", failures: 3, successes: 0 }],
    ["degraded passes stay at successThreshold", ["pass", "pass", "degraded", "degraded"], { status: "degraded", failures: 0, successes: 2 }],
    ["unknown verdicts repeat the same state", ["unknown", "unknown"], { status: "unknown", failures: 0, successes: 0 }],
  ])("%s", (_name, verdicts, expected) => {
    expect(after(verdicts)).toEqual(expected);
  });

  it("a counter stored above its threshold (before the cap) comes down to it once, then holds", () => {
    const stored: ComponentState = { status: "operational", failures: 0, successes: 40 };
    const once = applyVerdict(stored, "pass", thresholds);
    expect(once).toEqual({ status: "operational", failures: 0, successes: 2 });
    expect(sameState(applyVerdict(once, "pass", thresholds), once)).toBe(true);
  });

  it.each<[string, ComponentState, ComponentState, boolean]>([
    ["equal", { status: "down", failures: 3, successes: 0 }, { status: "down", failures: 3, successes: 0 }, true],
    ["status differs", { status: "down", failures: 3, successes: 0 }, { status: "operational", failures: 3, successes: 0 }, false],
    ["failures differ", { status: "down", failures: 3, successes: 0 }, { status: "down", failures: 2, successes: 0 }, false],
    ["successes differ", { status: "operational", failures: 0, successes: 1 }, { status: "operational", failures: 0, successes: 2 }, false],
  ])("sameState: %s", (_name, a, b, expected) => {
    expect(sameState(a, b)).toBe(expected);
  });
});

describe("confirmingOf", () => {
  const after = (verdicts: Verdict[], failureThreshold: number, successThreshold: number) => {
    const thresholds = { failureThreshold, successThreshold };
    return confirmingOf(verdicts.reduce((state, verdict) => applyVerdict(state, verdict, thresholds), INITIAL_STATE), thresholds);
  };
  it.each<[string, Verdict[], number, number, ReturnType<typeof confirmingOf>]>([
    ["never checked: no streak", [], 3, 1, null],
    ["one failure of three", ["fail"], 3, 1, { verdict: "fail", count: 1, of: 3 }],
    ["two failures of three while operational", ["pass", "fail", "fail"], 3, 1, { verdict: "fail", count: 2, of: 3 }],
    ["down: confirmed, no streak", ["fail", "fail", "fail"], 3, 1, null],
    ["threshold 1: down at once, no streak", ["fail"], 1, 1, null],
    ["one pass of two while down", ["fail", "fail", "pass"], 2, 2, { verdict: "pass", count: 1, of: 2 }],
    ["one pass of two before any status", ["pass"], 2, 2, { verdict: "pass", count: 1, of: 2 }],
    ["recovered: no streak", ["fail", "fail", "pass", "pass"], 2, 2, null],
    ["an unknown verdict ends the streak", ["fail", "unknown"], 3, 1, null],
    ["passes while up are no streak", ["pass", "pass"], 2, 1, null],
  ])("%s", (_name, verdicts, failureThreshold, successThreshold, expected) => {
    expect(after(verdicts, failureThreshold, successThreshold)).toEqual(expected);
  });
});

describe("retryingOf", () => {
  // The unknown streak counts the trailing unknown verdicts, as the engine does.
  const after = (verdicts: Verdict[], failureThreshold: number) => {
    const thresholds = { failureThreshold, successThreshold: 1 };
    const state = verdicts.reduce((current, verdict) => applyVerdict(current, verdict, thresholds), INITIAL_STATE);
    const trailing = verdicts.length - 1 - verdicts.findLastIndex((verdict) => verdict !== "unknown");
    return retryingOf(state, trailing, thresholds);
  };
  it.each<[string, Verdict[], number, boolean]>([
    ["never checked", [], 2, false],
    ["a failure below the threshold (confirming)", ["fail"], 3, true],
    ["down: the streak is complete", ["fail", "fail"], 2, false],
    ["operational", ["pass"], 2, false],
    ["first unknown of two", ["unknown"], 2, true],
    ["second unknown of two: back to the interval", ["unknown", "unknown"], 2, false],
    ["second unknown of three", ["unknown", "unknown"], 3, true],
    ["unknown with a threshold of 1: no retry, as for failures", ["unknown"], 1, false],
    ["unknown after a pass", ["pass", "unknown"], 2, true],
    ["a pass after an unknown ends it", ["unknown", "pass"], 2, false],
  ])("%s", (_, verdicts, failureThreshold, expected) => {
    expect(after(verdicts, failureThreshold)).toBe(expected);
  });
});
