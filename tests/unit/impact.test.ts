import { describe, expect, it } from "vitest";
import type { ComponentConfig, ImpactConfig } from "@/lib/config";
import { computeImpact, dependencyClosure, impactStateOf } from "@/lib/snapshot/impact";
import type { ComponentStatus } from "@/lib/types";

// A small graph: api → (db, cache); web → api; queue stands alone.
const component = (id: string, dependsOn: string[] = []) => ({ id, dependsOn }) as unknown as ComponentConfig;
const components = [component("api", ["db", "cache"]), component("web", ["api"]), component("db"), component("cache"), component("queue")];
const impact: ImpactConfig = {
  currency: "USD",
  segments: [
    { id: "demos", name: "Demos", arr: 200_000, exposure: 1, dependsOn: ["web"] },
    { id: "trials", name: "Trials", arr: 50_000, exposure: 0.7, dependsOn: ["queue"] },
  ],
  functions: [{ id: "demo", name: "Demo", dependsOn: ["web"] }],
};

describe("dependencyClosure", () => {
  it("follows dependsOn transitively and includes the roots", () => {
    expect([...dependencyClosure(["web"], components)].sort()).toEqual(["api", "cache", "db", "web"]);
  });
});

describe("impactStateOf", () => {
  it.each<[ComponentStatus[], string]>([
    [["operational", "operational"], "online"],
    [["operational", "unknown"], "unknown"],
    [["degraded", "unknown"], "partial"],
    [["degraded", "down"], "offline"],
    [["unknown", "down"], "offline"],
    [[], "online"],
  ])("%j → %s", (statuses, expected) => {
    expect(impactStateOf(statuses)).toBe(expected);
  });
});

describe("computeImpact", () => {
  const run = (statuses: Record<string, ComponentStatus>) =>
    computeImpact(impact, components, (id) => statuses[id] ?? "unknown");

  it("counts a segment whose indirect dependency is down in full", () => {
    const result = run({ web: "operational", api: "operational", db: "down", cache: "operational", queue: "operational" });
    expect(result.arrAtRisk).toBe(200_000);
    expect(result.functions[0]?.state).toBe("offline");
  });

  it("counts partial impact as half of the exposed ARR", () => {
    const result = run({ web: "operational", api: "degraded", db: "operational", cache: "operational", queue: "down" });
    expect(result.arrAtRisk).toBe(100_000 + 35_000);
  });

  it("never counts unchecked components as online: their ARR is reported as unknown", () => {
    const result = run({});
    expect(result.arrAtRisk).toBe(0);
    expect(result.arrUnknown).toBe(235_000);
    expect(result.segments.map((segment) => segment.state)).toEqual(["unknown", "unknown"]);
    expect(result.arrTotal).toBe(250_000);
    expect(result.arrExposed).toBe(235_000);
  });

  it.each<[string, Record<string, ComponentStatus>, { componentId: string; arrAtRisk: number; arrAtRiskAlone: number }[]]>([
    ["one cause beneath a segment takes its ARR, alone too", { web: "down", api: "down", db: "down", cache: "operational", queue: "operational" }, [
      { componentId: "db", arrAtRisk: 200_000, arrAtRiskAlone: 200_000 },
    ]],
    ["two causes under one segment each carry it in full, neither alone", { web: "down", api: "down", db: "down", cache: "down", queue: "operational" }, [
      { componentId: "db", arrAtRisk: 200_000, arrAtRiskAlone: 0 },
      { componentId: "cache", arrAtRisk: 200_000, arrAtRiskAlone: 0 },
    ]],
    ["separate segments: largest first, exposure-weighted", { web: "operational", api: "operational", db: "down", cache: "operational", queue: "down" }, [
      { componentId: "db", arrAtRisk: 200_000, arrAtRiskAlone: 200_000 },
      { componentId: "queue", arrAtRisk: 35_000, arrAtRiskAlone: 35_000 },
    ]],
    ["a partial segment has no cause (degraded is none)", { web: "operational", api: "degraded", db: "operational", cache: "operational", queue: "operational" }, []],
    ["nothing down: no causes", {}, []],
  ])("byRootCause: %s", (_name, statuses, expected) => {
    expect(run(statuses).byRootCause).toEqual(expected);
  });
});
