import { describe, expect, it } from "vitest";
import { loadConfigFile, defaultConfigPath } from "@/lib/config";
import { DEMO_FAULTS } from "@/lib/lab/demo-faults";
import { DEMO_FAULT_MODES } from "@/lib/lab/fault-names";
import { modesAt, type ScenarioConfig } from "@/lib/lab/scenario";

// The player over the demo YAML's scenario: connectivity fails first, remediation runs step by step,
// then the cycle repeats; the figures and posts come from the config.

function demoScenario() {
  const result = loadConfigFile(defaultConfigPath(), {});
  if (!result.ok || !result.config.lab.scenario) throw new Error("the demo config has no valid scenario");
  return result.config.lab.scenario;
}

describe("modesAt over a YAML-shaped scenario", () => {
  const scenario: ScenarioConfig = {
    cycleMs: 60_000,
    steps: [
      { atMs: 0, faults: { redis: "hanging", backend: "failing" }, reports: {}, posts: [] },
      { atMs: 20_000, faults: { redis: "healthy" }, reports: {}, posts: [] },
      { atMs: 40_000, faults: { backend: "healthy" }, reports: {}, posts: [] },
    ],
  };
  it.each<[number, Record<string, string>]>([
    [0, { redis: "hanging", backend: "failing" }],
    [19_999, { redis: "hanging", backend: "failing" }],
    [20_000, { redis: "healthy", backend: "failing" }],
    [59_999, { redis: "healthy", backend: "healthy" }],
    [60_000, { redis: "hanging", backend: "failing" }],
  ])("at %i ms", (ms, expected) => {
    expect(modesAt(ms, scenario)).toEqual(expected);
  });
});

describe("the demo config's scenario", () => {
  const scenario = demoScenario();

  it("starts with the outage and ends every cycle with every fault healthy", () => {
    // The opening outage fails fast (every component confirmed within seconds); Cloud SQL hangs once the connector is back.
    expect(modesAt(0, scenario)).toMatchObject({ "vpc-connector": "failing", redis: "unreachable", "cloud-sql": "refusing", backend: "failing" });
    expect(modesAt(100_000, scenario)).toMatchObject({ "vpc-connector": "healthy", redis: "unreachable", "cloud-sql": "hanging" });
    const end = modesAt(scenario.cycleMs - 1, scenario);
    expect(Object.values(end).every((mode) => mode === "healthy")).toBe(true);
    expect(Object.keys(end).sort()).toEqual(Object.keys(DEMO_FAULTS).sort());
  });

  it("reports the seeds' figures and leaves the validation script unreported until after the fix", () => {
    const [outage] = scenario.steps;
    expect(outage?.reports).toEqual({ unit: { passed: 12, failed: 0 }, integration: { passed: 0, failed: 11 }, e2e: { passed: 0, failed: 5 } });
    const firstValidation = scenario.steps.find((step) => step.reports.validation);
    expect(modesAt(firstValidation?.atMs ?? 0, scenario)).toMatchObject({ backend: "healthy", "cloud-sql": "healthy" });
  });

  it("has infra post at the start and at least every 2 lab minutes (2 h of story), and dev answer", () => {
    const infra = scenario.steps.filter((step) => step.posts.some((post) => post.team === "infra")).map((step) => step.atMs);
    expect(infra[0]).toBe(0);
    for (const [index, at] of infra.entries()) expect((infra[index + 1] ?? scenario.cycleMs) - at).toBeLessThanOrEqual(120_000);
    expect(scenario.steps.some((step) => step.posts.some((post) => post.team === "dev"))).toBe(true);
  });
});

describe("the config's list of faults", () => {
  it("names exactly the faults and modes the lab implements", () => {
    const implemented = Object.fromEntries(Object.entries(DEMO_FAULTS).map(([fault, modes]) => [fault, Object.keys(modes).sort()]));
    const listed = Object.fromEntries(Object.entries(DEMO_FAULT_MODES).map(([fault, modes]) => [fault, [...modes].sort()]));
    expect(listed).toEqual(implemented);
  });
});
