import path from "node:path";
import { describe, expect, it } from "vitest";
import { defaultConfigPath, loadConfigFile, type IncidentConfig } from "@/lib/config";

/** The bundled demo config, which must always validate without any environment variable. */
function loadDemo(): IncidentConfig {
  const result = loadConfigFile(defaultConfigPath(), {});
  if (!result.ok) throw new Error(result.problems.map((p) => `${p.path}: ${p.message}`).join("\n"));
  return result.config;
}

describe("the demo config examples/issue-1278.yaml", () => {
  const config = loadDemo();

  it("is found from the repository root", () => {
    expect(defaultConfigPath()).toBe(path.resolve("examples/issue-1278.yaml"));
  });

  it("models the incident", () => {
    expect(config.incident).toMatchObject({ id: "ISSUE-1278", severity: "P0", startedRelative: true, updateEvery: 7_200_000 });
    // "-3h": three hours before the first start (this parse stands in for it).
    expect(Math.abs(Date.now() - 3 * 3_600_000 - Date.parse(config.incident.startedAt))).toBeLessThan(60_000);
    expect(config.teams.map((t) => t.id)).toEqual(["infra", "dev", "leadership"]);
    expect(config.access.publicRead).toBe(true);
    expect(config.lab).toMatchObject({ enabled: true, basePort: 39100, scenario: { cycleMs: 720_000 } });
  });

  it("has 5 segments worth $575K ARR", () => {
    expect(config.impact.segments).toHaveLength(5);
    expect(config.impact.segments.reduce((sum, s) => sum + s.arr, 0)).toBe(575_000);
    expect(config.impact.functions).toHaveLength(5);
  });

  it("has 10 criteria: 5 owned by infra, 5 business ones (the Golden Path both signed and measured)", () => {
    expect(config.criteria).toHaveLength(10);
    expect(config.criteria.find((c) => c.id === "golden-path-measured")).toMatchObject({ kind: "components", auto: { components: ["golden-path-browser"] } });
    const infra = config.criteria.filter((c) => c.owner === "infra");
    expect(infra).toHaveLength(5);
    expect(infra.filter((c) => c.kind === "components").every((c) => c.kind === "components" && c.auto.window === 5)).toBe(true);
    expect(infra.find((c) => c.kind === "suite")).toMatchObject({ auto: { suite: "validation", conditions: ["[PASS_RATE] >= 80"] } });
  });

  it("has 4 phases whose exit criteria cover every criterion", () => {
    expect(config.phases.map((p) => [p.id, p.estimate.minMs / 3_600_000, p.estimate.maxMs / 3_600_000])).toEqual([
      ["diagnosis", 2, 4],
      ["resolution", 4, 8],
      ["validation", 1, 2],
      ["handback", 0, 1],
    ]);
    const exits = config.phases.flatMap((p) => p.exitCriteria).sort();
    expect(exits).toEqual(config.criteria.map((c) => c.id).sort());
  });

  it("probes only loopback targets of the fault lab", () => {
    for (const { probe } of config.components) {
      const target = "url" in probe ? new URL(probe.url).hostname : "host" in probe ? probe.host : "127.0.0.1";
      expect(target).toBe("127.0.0.1");
      const port = "url" in probe ? Number(new URL(probe.url).port) : "port" in probe ? probe.port : 39101;
      expect(port).toBeGreaterThanOrEqual(39101);
      expect(port).toBeLessThanOrEqual(39120);
    }
  });
});
