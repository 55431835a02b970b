import { describe, expect, it } from "vitest";
import type { LatestResultRow } from "@/lib/db";
import { serializeSnapshot } from "@/lib/snapshot/body";
import { buildSnapshot, createComponentViewMemo, type SnapshotInputs } from "@/lib/snapshot/build";
import { snapshotEtag } from "@/lib/snapshot/etag";
import { parseValidConfig } from "../support/config-text";
import { seededRandom } from "../support/random";

// A build with a memo (lib/snapshot/build.ts) reuses the view objects of unchanged components, and the body
// (lib/snapshot/body.ts) reuses their JSON: both must give exactly what a fresh build and JSON.stringify give.
const config = parseValidConfig(`incident: { id: M-1, title: Memo, severity: P1, startedAt: 2025-01-01T00:00:00Z }
teams: [{ id: infra }]
defaults: { interval: 10s, timeout: 2s, failureThreshold: 2, successThreshold: 1 }
components:
  - { id: db, probe: { type: http, url: "http://127.0.0.1:9/db" }, conditions: ["[STATUS] == 200"] }
  - { id: api, dependsOn: [db], probe: { type: http, url: "http://127.0.0.1:9/api" }, conditions: ["[STATUS] == 200"] }
  - { id: web, dependsOn: [api], probe: { type: http, url: "http://127.0.0.1:9/web" }, conditions: ["[STATUS] == 200"] }
  - { id: jobs, probe: { type: http, url: "http://127.0.0.1:9/jobs" }, conditions: ["[STATUS] == 200"] }
`);
const IDS = config.components.map((component) => component.id);
const START = Date.parse("2025-01-01T12:00:00Z");
const cadence = { everyMs: null, owner: "infra", lastUpdateAt: null, lastUpdateBy: null, dueAt: null, overdue: false };
const inputsOf = (rows: LatestResultRow[]): SnapshotInputs => ({ incidentState: null, latestResults: rows, criterionStates: [], latestTestRuns: [], progress: { phases: [], eta: null, cadence } });

function row(componentId: string, location: string, at: number, status: "operational" | "down", failures: number): LatestResultRow {
  return {
    id: 0, componentId, location, checkedAt: new Date(at).toISOString(), ok: status === "operational", status, latencyMs: 7,
    errorCode: status === "down" ? "HTTP_STATUS" : null, errorMessage: status === "down" ? "503" : null, phases: null, certificateExpiration: null,
    failures, successes: status === "operational" ? 1 : 0,
  };
}

describe("buildSnapshot with a memo", () => {
  it("keeps the view object of a component whose rows and staleness did not change, and only that", () => {
    const memo = createComponentViewMemo();
    const rows = IDS.map((id) => row(id, "default", START, "operational", 0));
    const first = buildSnapshot(config, inputsOf(rows), new Date(START + 1_000), memo);
    rows[3] = row("jobs", "default", START + 500, "down", 1);
    const second = buildSnapshot(config, inputsOf([...rows]), new Date(START + 2_000), memo);
    expect(second.components.slice(0, 3)).toEqual(first.components.slice(0, 3));
    second.components.slice(0, 3).forEach((component, index) => expect(component).toBe(first.components[index]));
    expect(second.components[3]).not.toBe(first.components[3]);
    expect(second.components[3]!.status).toBe("down");
    // Stale after 2 × 10 s + 2 s: the same rows, but the clock turns every view to unknown.
    const third = buildSnapshot(config, inputsOf([...rows]), new Date(START + 23_000), memo);
    third.components.forEach((component, index) => expect(component).not.toBe(second.components[index]));
    expect(third.components.map((component) => component.status)).toEqual(["unknown", "unknown", "unknown", "unknown"]);
  });

  it("gives a new object when only the root cause moved (an upstream went down)", () => {
    const memo = createComponentViewMemo();
    const rows = [row("db", "default", START, "operational", 0), row("api", "default", START, "down", 2), row("web", "default", START, "down", 2)];
    const before = buildSnapshot(config, inputsOf(rows), new Date(START + 1_000), memo);
    expect(before.components.find((component) => component.id === "web")!.rootCause).toEqual(["api"]);
    rows[0] = row("db", "default", START + 100, "down", 2);
    const after = buildSnapshot(config, inputsOf([...rows]), new Date(START + 1_000), memo);
    const web = after.components.find((component) => component.id === "web")!;
    expect(web.rootCause).toEqual(["db"]);
    expect(web).not.toBe(before.components.find((component) => component.id === "web"));
  });

  it("equals a build without a memo, and its body equals JSON.stringify, over random sequences", () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const next = seededRandom(seed);
      const memo = createComponentViewMemo();
      const rows = new Map<string, LatestResultRow>();
      let clock = START;
      for (let step = 0; step < 60; step++) {
        clock += Math.floor(next() * 8_000);
        for (const id of IDS) {
          if (next() < 0.4) {
            const location = next() < 0.5 ? "default" : "eu";
            rows.set(`${id}/${location}`, row(id, location, clock - Math.floor(next() * 3_000), next() < 0.3 ? "down" : "operational", Math.floor(next() * 4)));
          }
        }
        const inputs = inputsOf([...rows.values()]);
        const now = new Date(clock);
        const memoised = buildSnapshot(config, inputs, now, memo);
        const fresh = buildSnapshot(config, inputs, now);
        expect({ seed, step, snapshot: memoised }).toEqual({ seed, step, snapshot: fresh });
        const { body, etag } = serializeSnapshot(memoised);
        expect(JSON.parse(body)).toEqual(JSON.parse(JSON.stringify(fresh)));
        expect(etag).toBe(snapshotEtag(fresh));
      }
    }
  });
});
