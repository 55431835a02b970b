import { describe, expect, it } from "vitest";
import type { LatestResultRow } from "@/lib/db";
import { buildSnapshot, type SnapshotInputs } from "@/lib/snapshot/build";
import { buildIncidentMetrics } from "@/lib/metrics/incident-metrics";
import { formatPrometheus } from "@/lib/metrics/prometheus";
import { editConfig, parseValidConfig } from "../support/config-text";
import { parseExposition, samplesOf } from "../support/prometheus-text";

// Components `db` (tcp) and `api` (http); defaults interval 30 s + timeout 10 s → stale after 70 s.
const text = editConfig("  - id: db\n", "  - id: db\n    group: Data \"core\"\n");
const config = parseValidConfig(text);
const NOW = new Date("2025-01-01T12:00:00Z");

function row(componentId: string, secondsAgo: number, status: LatestResultRow["status"], extra: Partial<LatestResultRow> = {}): LatestResultRow {
  return {
    id: 1, componentId, location: "default", checkedAt: new Date(NOW.getTime() - secondsAgo * 1000).toISOString(), ok: status !== "down",
    status, latencyMs: 250, errorCode: null, errorMessage: null, phases: null, certificateExpiration: null, ...extra,
  };
}

function scrape(results: LatestResultRow[], criterionStates: SnapshotInputs["criterionStates"] = []) {
  const inputs: SnapshotInputs = {
    incidentState: null, latestResults: results, criterionStates, latestTestRuns: [],
    progress: { phases: [], eta: null, cadence: { everyMs: null, owner: "infra", lastUpdateAt: null, lastUpdateBy: null, dueAt: null, overdue: false } },
  };
  return parseExposition(formatPrometheus(buildIncidentMetrics(config, buildSnapshot(config, inputs, NOW), results, NOW)));
}

describe("buildIncidentMetrics", () => {
  it.each<[string, LatestResultRow[], number | null, string]>([
    ["never checked", [], null, "unknown"],
    ["operational", [row("api", 5, "operational")], 1, "operational"],
    ["degraded counts as up", [row("api", 5, "degraded")], 1, "degraded"],
    ["down", [row("api", 5, "down")], 0, "down"],
    ["stale operational is unknown, never up", [row("api", 71, "operational")], null, "unknown"],
    ["a stored unknown status", [row("api", 5, "unknown")], null, "unknown"],
  ])("%s → up %s, status %s", (_name, results, up, status) => {
    const scraped = scrape(results);
    const upSamples = samplesOf(scraped, "handback_component_up", { component: "api" });
    expect(upSamples.map((s) => s.value)).toEqual(up === null ? [] : [up]);
    const oneHot = samplesOf(scraped, "handback_component_status", { component: "api" });
    expect(oneHot).toHaveLength(4);
    expect(oneHot.filter((s) => s.value === 1).map((s) => s.labels.status)).toEqual([status]);
  });

  it("reports latency, phases and certificate expiry of the latest result in seconds, with escaped labels", () => {
    const scraped = scrape([
      row("api", 5, "operational", { latencyMs: 1500, phases: { dns: 2, connect: 10, tls: 30, firstByte: 120, total: 1500 } }),
      row("db", 5, "down", { latencyMs: null, certificateExpiration: 86_400_000 }),
    ]);
    expect(samplesOf(scraped, "handback_probe_latency_seconds")).toEqual([{ name: "handback_probe_latency_seconds", labels: { component: "api" }, value: 1.5 }]);
    expect(Object.fromEntries(samplesOf(scraped, "handback_probe_phase_seconds", { component: "api" }).map((s) => [s.labels.phase, s.value])))
      .toEqual({ dns: 0.002, connect: 0.01, tls: 0.03, firstByte: 0.12, total: 1.5 });
    expect(samplesOf(scraped, "handback_certificate_expiry_seconds")).toEqual([
      { name: "handback_certificate_expiry_seconds", labels: { component: "db" }, value: 86_400 },
    ]);
    expect(samplesOf(scraped, "handback_component_up", { component: "db" })).toEqual([
      { name: "handback_component_up", labels: { component: "db", group: 'Data "core"', location: "default" }, value: 0 },
    ]);
  });

  it("flags stale components and counts ARR at risk for a down dependency", () => {
    const scraped = scrape([row("api", 71, "operational"), row("db", 5, "down")]);
    expect(samplesOf(scraped, "handback_probe_stale").map((s) => [s.labels.component, s.value])).toEqual([["db", 0], ["api", 1]]);
    // demos: arr 1000 × exposure 0.5, offline because db (a dependency of api) is down.
    expect(samplesOf(scraped, "handback_arr_at_risk")).toEqual([{ name: "handback_arr_at_risk", labels: { currency: "USD" }, value: 500 }]);
    expect(samplesOf(scraped, "handback_arr_unknown")[0]?.value).toBe(0);
  });

  it("reports criteria, incident state and outage duration", () => {
    const scraped = scrape([], [{ criterionId: "up", state: "met", changedAt: NOW.toISOString(), evidence: null }]);
    expect(samplesOf(scraped, "handback_criterion_met")).toEqual([{ name: "handback_criterion_met", labels: { criterion: "up", owner: "infra" }, value: 1 }]);
    expect(samplesOf(scraped, "handback_criterion_state", { criterion: "up" }).map((s) => [s.labels.state, s.value])).toEqual([["met", 1], ["unmet", 0], ["unknown", 0]]);
    expect(samplesOf(scraped, "handback_incident_state").filter((s) => s.value === 1).map((s) => s.labels.state)).toEqual(["investigating"]);
    expect(samplesOf(scraped, "handback_outage_seconds")[0]?.value).toBe(12 * 3600);
  });
});
