import { describe, expect, it } from "vitest";
import type { ComponentConfig, CriterionConfig } from "@/lib/config";
import type { ProbeResultRow, SignoffRow, TestRunRow } from "@/lib/db";
import { evaluateComponentsCriterion, evaluateSignoffCriterion, evaluateSuiteCriterion } from "@/lib/incident/criteria";

// Criteria decide on evidence only: a window of N results, the latest test run, or a signature.
const NOW = new Date("2025-01-01T12:00:00Z");
const component = (id: string) => ({ id, interval: 30_000, timeout: 10_000 }) as ComponentConfig;
const components = [component("api"), component("auth")];
const criterion = (window: number) =>
  ({ id: "health", title: "Health", owner: "infra", kind: "components", auto: { components: ["api", "auth"], conditions: ["[STATUS] == 200"], window } }) as Extract<CriterionConfig, { kind: "components" }>;

let nextId = 1;
const result = (componentId: string, status: number, secondsAgo = 5): ProbeResultRow => ({
  id: nextId++, componentId, location: "default", checkedAt: new Date(NOW.getTime() - secondsAgo * 1000).toISOString(), ok: true, status: "operational",
  latencyMs: 5, errorCode: null, errorMessage: null, observations: { STATUS: status }, phases: null, outcomes: null, slot: null,
});
const series = (componentId: string, statuses: number[]) => statuses.map((status, index) => result(componentId, status, 5 + index));

describe("evaluateComponentsCriterion", () => {
  it.each<[string, number, number[], number[], string]>([
    ["met only with N good results of every component", 3, [200, 200, 200], [200, 200, 200], "met"],
    ["unknown with fewer than N results, never met", 3, [200, 200], [200, 200, 200], "unknown"],
    ["unknown when a component has no result at all", 1, [200], [], "unknown"],
    ["unmet when one result in the window fails", 3, [200, 503, 200], [200, 200, 200], "unmet"],
    ["unmet beats unknown", 3, [503], [200, 200, 200], "unmet"],
    ["a failure older than the window no longer counts", 2, [200, 200, 503], [200, 200], "met"],
  ])("%s", (_name, window, api, auth, expected) => {
    const results = new Map([["api", series("api", api)], ["auth", series("auth", auth)]]);
    expect(evaluateComponentsCriterion(criterion(window), components, results, NOW).state).toBe(expected);
  });

  it("names the failing result and condition in its evidence", () => {
    const failing = result("auth", 503);
    const evaluation = evaluateComponentsCriterion(criterion(1), components, new Map([["api", [result("api", 200)]], ["auth", [failing]]]), NOW);
    expect(evaluation.evidence.summary).toBe(`auth: [STATUS] (503) == 200 (result ${failing.id})`);
  });

  it("is unknown when the newest results are stale", () => {
    const results = new Map([["api", [result("api", 200, 500)]], ["auth", [result("auth", 200)]]]);
    expect(evaluateComponentsCriterion(criterion(1), components, results, NOW)).toMatchObject({ state: "unknown", evidence: { summary: "stale results for api" } });
  });
});

describe("evaluateSuiteCriterion", () => {
  const suite = { id: "val", title: "Validation", owner: "dev", kind: "suite", auto: { suite: "validation", conditions: ["[PASS_RATE] >= 80"] } } as Extract<CriterionConfig, { kind: "suite" }>;
  const run = (passed: number, tests: number, skipped = 0): TestRunRow => ({
    id: 7, suiteId: "validation", receivedAt: NOW.toISOString(), tests, passed, failed: tests - passed - skipped, skipped, errors: 0,
    passRate: tests - skipped === 0 ? null : Math.floor((10_000 * passed) / (tests - skipped)) / 100, durationMs: null, actor: "ci", failures: [], source: "junit",
  });
  it.each<[string, TestRunRow | null, string]>([
    ["no run yet", null, "unknown"],
    ["nothing ran", run(0, 3, 3), "unknown"],
    ["12 of 28 (43%)", run(12, 28), "unmet"],
    ["8 of 10 (80%)", run(8, 10), "met"],
    ["skipped tests excluded: 8 of 10 ran", run(8, 12, 2), "met"],
  ])("%s", (_name, latest, expected) => {
    expect(evaluateSuiteCriterion(suite, latest).state).toBe(expected);
  });
});

describe("evaluateSignoffCriterion", () => {
  const golden = { id: "golden", title: "Golden path", owner: "dev", kind: "signoff", signoff: true } as Extract<CriterionConfig, { kind: "signoff" }>;
  const row = (action: "sign" | "revoke", team = "dev"): SignoffRow => ({ id: 1, criterionId: "golden", team, actor: "alice", action, at: NOW.toISOString(), note: null, link: null });
  it.each<[string, SignoffRow | null, string]>([
    ["never signed", null, "unmet"],
    ["signed by the owner", row("sign"), "met"],
    ["revoked", row("revoke"), "unmet"],
    ["signed by another team", row("sign", "infra"), "unmet"],
  ])("%s", (_name, latest, expected) => {
    expect(evaluateSignoffCriterion(golden, latest).state).toBe(expected);
  });
});
