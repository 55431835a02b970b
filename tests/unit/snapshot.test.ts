import { describe, expect, it } from "vitest";
import type { LatestResultRow } from "@/lib/db";
import { buildSnapshot, type SnapshotInputs } from "@/lib/snapshot/build";
import { MINIMAL_CONFIG, parseValidConfig } from "../support/config-text";

// The snapshot never draws "unknown" as up: unchecked and stale components are unknown.
const config = parseValidConfig(MINIMAL_CONFIG);
const NOW = new Date("2025-01-01T12:00:00Z");

function row(componentId: string, secondsAgo: number, status: LatestResultRow["status"]): LatestResultRow {
  return {
    id: 1, componentId, location: "default", checkedAt: new Date(NOW.getTime() - secondsAgo * 1000).toISOString(), ok: status === "operational",
    status, latencyMs: 12, errorCode: status === "down" ? "TIMEOUT" : null, errorMessage: status === "down" ? "no answer" : null,
    phases: null, certificateExpiration: null,
  };
}

const cadence = { everyMs: null, owner: "infra", lastUpdateAt: null, lastUpdateBy: null, dueAt: null, overdue: false };
const inputs = (results: LatestResultRow[]): SnapshotInputs => ({
  incidentState: null, latestResults: results, criterionStates: [], latestTestRuns: [],
  progress: { phases: [], eta: null, cadence },
});

describe("buildSnapshot", () => {
  // Defaults: interval 30 s, timeout 10 s → stale after 2 × 30 + 10 = 70 s.
  it.each<[string, LatestResultRow[], string, boolean]>([
    ["never checked", [], "unknown", false],
    ["fresh operational", [row("api", 10, "operational")], "operational", false],
    ["fresh down", [row("api", 10, "down")], "down", false],
    ["operational but stale", [row("api", 71, "operational")], "unknown", true],
    ["just inside the staleness window", [row("api", 69, "operational")], "operational", false],
  ])("%s → %s", (_name, results, status, stale) => {
    const api = buildSnapshot(config, inputs(results), NOW).components.find((component) => component.id === "api");
    expect(api).toMatchObject({ status, stale });
  });

  it("starts in investigating and counts a down dependency's segment as ARR at risk", () => {
    const snapshot = buildSnapshot(config, inputs([row("db", 5, "down"), row("api", 5, "operational")]), NOW);
    expect(snapshot.incident.state).toBe("investigating");
    expect(snapshot.impact.arrAtRisk).toBe(500);
    expect(snapshot.components.find((component) => component.id === "api")?.error).toBeNull();
    expect(snapshot.components.find((component) => component.id === "db")?.error).toEqual({ code: "TIMEOUT", message: "no answer" });
  });

  it("shows sign-off criteria unmet until signed and auto criteria unknown until evaluated", () => {
    const snapshot = buildSnapshot(config, inputs([]), NOW);
    expect(snapshot.criteria).toEqual([expect.objectContaining({ id: "up", kind: "components", state: "unknown" })]);
  });
});
