import { describe, expect, it } from "vitest";
import { componentLook, confirmingAttributes, type ComponentLook } from "@/lib/status-look";
import type { ComponentStatus, ConfirmingView } from "@/lib/types";

const fail = (count: number, of: number): ConfirmingView => ({ verdict: "fail", count, of });
const pass = (count: number, of: number): ConfirmingView => ({ verdict: "pass", count, of });

describe("componentLook", () => {
  it.each<[string, ComponentStatus, boolean, ConfirmingView | null | undefined, ComponentLook]>([
    ["never checked is Unknown", "unknown", false, undefined, { state: "unknown", count: null }],
    ["a first failure below the threshold is Failing, not Unknown", "unknown", false, fail(1, 3), { state: "failing", count: "1 of 3" }],
    ["a failing operational component says how far it is from down", "operational", false, fail(2, 3), { state: "failing", count: "2 of 3" }],
    ["a failing degraded component too", "degraded", false, fail(1, 2), { state: "failing", count: "1 of 2" }],
    ["stale is Unknown whatever the streak", "unknown", true, fail(1, 3), { state: "unknown", count: null }],
    ["a down component passing below successThreshold is Recovering", "down", false, pass(1, 2), { state: "recovering", count: "1 of 2" }],
    ["a never-confirmed component passing below successThreshold is Passing", "unknown", false, pass(1, 2), { state: "passing", count: "1 of 2" }],
    ["confirmed down shows Down", "down", false, null, { state: "down", count: null }],
    ["operational shows Operational", "operational", false, null, { state: "operational", count: null }],
    ["a pass streak on an up component adds nothing", "operational", false, pass(1, 2), { state: "operational", count: null }],
  ])("%s", (_name, status, stale, confirming, expected) => {
    expect(componentLook({ status, stale, confirming })).toEqual(expected);
  });
});

describe("confirmingAttributes", () => {
  it.each<[string, ConfirmingView | null, boolean, Record<string, string>]>([
    ["a failing streak", fail(1, 3), false, { "data-failing": "1/3" }],
    ["a passing streak", pass(1, 2), false, { "data-passing": "1/2" }],
    ["none", null, false, {}],
    ["stale hides the streak", fail(1, 3), true, {}],
  ])("%s", (_name, confirming, stale, expected) => {
    expect(confirmingAttributes(confirming, stale)).toEqual(expected);
  });
});
