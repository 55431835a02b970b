import { describe, expect, it } from "vitest";
import { parseConfigText } from "@/lib/config";
import type { LatestResultRow } from "@/lib/db";
import { buildSnapshot, type SnapshotInputs } from "@/lib/snapshot/build";
import type { ComponentStatus } from "@/lib/types";
import { MINIMAL_CONFIG } from "../support/config-text";

// A component probed from several locations: down where all fail, degraded where some fail; stale
// locations do not vote. Defaults: interval 30 s, timeout 10 s → stale after 70 s.
const parsed = parseConfigText(MINIMAL_CONFIG, {});
if (!parsed.ok) throw new Error("fixture invalid");
const config = parsed.config;
const NOW = new Date("2025-01-01T12:00:00Z");

function row(location: string, secondsAgo: number, status: ComponentStatus): LatestResultRow {
  const failing = status === "down" || status === "degraded";
  return {
    id: 1, componentId: "api", location, checkedAt: new Date(NOW.getTime() - secondsAgo * 1000).toISOString(), ok: status === "operational",
    status, latencyMs: secondsAgo, errorCode: failing ? `ERR_${location}` : null, errorMessage: failing ? "failing" : null,
    phases: null, certificateExpiration: null,
  };
}

const cadence = { everyMs: null, owner: "infra", lastUpdateAt: null, lastUpdateBy: null, dueAt: null, overdue: false };
const inputs = (results: LatestResultRow[]): SnapshotInputs => ({
  incidentState: null, latestResults: results, criterionStates: [], latestTestRuns: [],
  progress: { phases: [], eta: null, cadence },
});
const api = (results: LatestResultRow[]) => buildSnapshot(config, inputs(results), NOW).components.find((component) => component.id === "api")!;

describe("buildSnapshot across locations", () => {
  it.each<[string, LatestResultRow[], ComponentStatus, boolean, string | null]>([
    ["all locations down", [row("eu", 5, "down"), row("us", 6, "down")], "down", false, "ERR_eu"],
    ["one location down", [row("eu", 5, "down"), row("us", 6, "operational")], "degraded", false, "ERR_eu"],
    ["one location degraded", [row("eu", 5, "operational"), row("us", 6, "degraded")], "degraded", false, "ERR_us"],
    ["all operational", [row("eu", 5, "operational"), row("us", 6, "operational")], "operational", false, null],
    ["the only down location is stale", [row("eu", 80, "down"), row("us", 6, "operational")], "operational", false, null],
    ["the only fresh location is down", [row("eu", 80, "operational"), row("us", 6, "down")], "down", false, "ERR_us"],
    ["every location stale", [row("eu", 80, "operational"), row("us", 90, "down")], "unknown", true, null],
  ])("%s → %s", (_name, results, status, stale, errorCode) => {
    const view = api(results);
    expect(view).toMatchObject({ status, stale });
    expect(view.error?.code ?? null).toBe(errorCode);
    expect(view.locations?.map((location) => location.location)).toEqual(["eu", "us"]);
  });

  it("lists each location with its own status, newest result per location", () => {
    const view = api([row("us", 20, "operational"), row("eu", 80, "down"), row("us", 5, "down")]);
    expect(view.locations).toEqual([
      expect.objectContaining({ location: "eu", status: "unknown", stale: true }),
      expect.objectContaining({ location: "us", status: "down", stale: false, latencyMs: 5 }),
    ]);
    expect(view.checkedAt).toBe(new Date(NOW.getTime() - 5_000).toISOString());
  });

  it("keeps a single-location component's fields as before, with its one location listed", () => {
    const view = api([row("default", 5, "down")]);
    expect(view).toMatchObject({ status: "down", stale: false, error: { code: "ERR_default" } });
    expect(view.locations).toEqual([expect.objectContaining({ location: "default", status: "down", stale: false })]);
  });

  it("keeps a stale single location's error, as before", () => {
    expect(api([row("default", 80, "down")])).toMatchObject({ status: "unknown", stale: true, error: { code: "ERR_default" } });
  });

  it("lists no locations for a component never checked", () => {
    expect(api([]).locations).toBeUndefined();
  });
});
