import { describe, expect, it } from "vitest";
import { combineLocations, locationNames, summarizeLocations, upsertLocation } from "@/lib/locations";
import type { ComponentLocationView, ComponentStatus, ConfirmingView } from "@/lib/types";

// The rules the snapshot (server) and the live patch (client) share: stale locations do not vote.
const at = (second: number) => `2025-01-01T12:00:${String(second).padStart(2, "0")}Z`;

/** A location's view; a stale one is shown unknown but keeps the error of the result it had. */
function view(location: string, status: ComponentStatus, second = 0, stale = false): ComponentLocationView {
  const failing = status === "down" || status === "degraded";
  const error = failing ? { code: `ERR_${location}`, message: "failing" } : null;
  return { location, status: stale ? "unknown" : status, checkedAt: at(second), latencyMs: second, error, stale };
}

describe("combineLocations", () => {
  it.each<[ComponentStatus[], ComponentStatus]>([
    [[], "unknown"],
    [["down"], "down"],
    [["down", "down"], "down"],
    [["down", "operational"], "degraded"],
    [["degraded", "operational"], "degraded"],
    [["down", "unknown"], "degraded"],
    [["operational", "operational"], "operational"],
    [["operational", "unknown"], "operational"],
    [["unknown", "unknown"], "unknown"],
  ])("%j → %s", (statuses, expected) => {
    expect(combineLocations(statuses)).toBe(expected);
  });
});

describe("summarizeLocations", () => {
  it.each<[string, ComponentLocationView[], ComponentStatus, boolean, string | null]>([
    ["never checked", [], "unknown", false, null],
    ["one location, shown as it is", [view("eu", "down", 3)], "down", false, "ERR_eu"],
    ["one stale location keeps its error", [view("eu", "down", 3, true)], "unknown", true, "ERR_eu"],
    ["one of two down", [view("us", "operational", 2), view("eu", "down", 1)], "degraded", false, "ERR_eu"],
    ["both down: the first by name explains", [view("us", "down", 2), view("eu", "down", 1)], "down", false, "ERR_eu"],
    ["the down location is stale", [view("eu", "down", 1, true), view("us", "operational", 2)], "operational", false, null],
    ["every location stale", [view("eu", "down", 1, true), view("us", "down", 2, true)], "unknown", true, null],
  ])("%s → %s", (_name, views, status, stale, errorCode) => {
    const summary = summarizeLocations(views);
    expect(summary).toMatchObject({ status, stale });
    expect(summary.error?.code ?? null).toBe(errorCode);
  });

  it("takes time and latency from the newest check", () => {
    expect(summarizeLocations([view("eu", "operational", 9), view("us", "down", 4)])).toMatchObject({ checkedAt: at(9), latencyMs: 9 });
  });
});

describe("upsertLocation", () => {
  it("replaces the entry of the same location and keeps the order by name", () => {
    const next = upsertLocation([view("eu", "operational"), view("us", "operational")], view("eu", "down", 5));
    expect(next.map((entry) => [entry.location, entry.status])).toEqual([["eu", "down"], ["us", "operational"]]);
  });

  it("adds a new location in its place by name", () => {
    const next = upsertLocation([view("ap", "operational"), view("us", "operational")], view("eu", "down"));
    expect(next.map((entry) => entry.location)).toEqual(["ap", "eu", "us"]);
  });
});

describe("locationNames", () => {
  it("is the sorted union of every component's locations", () => {
    const components = [{ locations: [view("us", "down"), view("default", "down")] }, {}, { locations: [view("eu-west", "operational"), view("us", "down")] }];
    expect(locationNames(components)).toEqual(["default", "eu-west", "us"]);
  });
});

describe("summarizeLocations: the streak shown for the component", () => {
  const streak = (base: ComponentLocationView, confirming: ConfirmingView): ComponentLocationView => ({ ...base, confirming });
  const fail = (count: number): ConfirmingView => ({ verdict: "fail", count, of: 3 });
  const pass: ConfirmingView = { verdict: "pass", count: 1, of: 2 };
  it.each<[string, ComponentLocationView[], ConfirmingView | null]>([
    ["one location: its streak", [streak(view("eu", "unknown"), fail(1))], fail(1)],
    ["one stale location: none", [streak(view("eu", "unknown", 0, true), fail(1))], null],
    ["several: the longest failing streak of a fresh location", [streak(view("eu", "unknown"), fail(1)), streak(view("us", "operational"), fail(2))], fail(2)],
    ["several: a stale location's streak does not count", [streak(view("eu", "unknown", 0, true), fail(2)), view("us", "operational")], null],
    ["several all down: a recovering streak", [streak(view("eu", "down"), pass), view("us", "down")], pass],
    ["several, combined degraded: a passing streak adds nothing", [streak(view("eu", "down"), pass), view("us", "operational")], null],
  ])("%s", (_name, views, expected) => {
    expect(summarizeLocations(views).confirming).toEqual(expected);
  });
});
