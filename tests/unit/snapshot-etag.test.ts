import { describe, expect, it } from "vitest";
import { buildSnapshot, type SnapshotInputs } from "@/lib/snapshot/build";
import { snapshotEtag } from "@/lib/snapshot/etag";
import { parseValidConfig } from "../support/config-text";

const config = parseValidConfig(`incident: { id: E-1, title: Tags, severity: P1, startedAt: 2025-01-01T00:00:00Z }
teams: [{ id: infra }]
components:
  - { id: api, probe: { type: http, url: "http://127.0.0.1:9/health" }, conditions: ["[STATUS] == 200"] }
`);

const MINUTE = Date.parse("2025-01-01T05:00:00Z");
const inputs = (status: "operational" | "down"): SnapshotInputs => ({
  incidentState: null,
  progress: {
    phases: [{ id: "repair", name: "Repair", owner: "infra", estimateMinMs: 3_600_000, estimateMaxMs: 7_200_000, exitCriteria: [], state: "active", startedAt: "2025-01-01T00:00:00.000Z", endedAt: null, endedBy: null, elapsedMs: 0, overrun: true }],
    eta: { earliest: "2025-01-01T05:00:10.000Z", latest: "2025-01-01T05:00:10.000Z", basis: [] },
    cadence: { everyMs: null, owner: "infra", lastUpdateAt: null, lastUpdateBy: null, dueAt: null, overdue: false },
  },
  latestResults: [{ id: 1, componentId: "api", location: "default", checkedAt: new Date(MINUTE).toISOString(), ok: status === "operational", status, latencyMs: 5, errorCode: null, errorMessage: null, phases: null, certificateExpiration: null, failures: 0, successes: 0 }],
  criterionStates: [],
  latestTestRuns: [],
});
/** The inputs as the clock moves `ms` on: the ETA and the elapsed time move with it. */
const later = (base: SnapshotInputs, ms: number): SnapshotInputs => ({
  ...base,
  progress: {
    ...base.progress,
    phases: base.progress.phases.map((phase) => ({ ...phase, elapsedMs: (phase.elapsedMs ?? 0) + ms })),
    eta: { ...base.progress.eta!, earliest: new Date(Date.parse(base.progress.eta!.earliest) + ms).toISOString(), latest: new Date(Date.parse(base.progress.eta!.latest) + ms).toISOString() },
  },
});
const tag = (base: SnapshotInputs, ms: number) => snapshotEtag(buildSnapshot(config, later(base, ms), new Date(MINUTE + 1_000 + ms)));

describe("snapshotEtag", () => {
  it("stays while only the clock moves within a minute (generatedAt, outage, ETA, elapsed)", () => {
    expect(tag(inputs("operational"), 20_000)).toBe(tag(inputs("operational"), 0));
    expect(tag(inputs("operational"), 0)).toMatch(/^W\/"[\w-]+"$/);
  });
  it("changes when a status changes, and when the minute turns", () => {
    expect(tag(inputs("down"), 0)).not.toBe(tag(inputs("operational"), 0));
    expect(tag(inputs("operational"), 60_000)).not.toBe(tag(inputs("operational"), 0));
  });
});
