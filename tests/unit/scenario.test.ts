import { describe, expect, it } from "vitest";
import { DEMO_FAULTS } from "@/lib/lab/demo-faults";
import { ISSUE_1278_SCENARIO, modesAt } from "@/lib/lab/scenario";

// The demo scenario: connectivity fails first, remediation runs step by step, then the cycle repeats.
describe("issue-1278 scenario", () => {
  it.each<[number, Record<string, string>]>([
    [0, { "vpc-connector": "failing", redis: "unreachable", "cloud-sql": "refusing", backend: "failing" }],
    [100, { "vpc-connector": "healthy", redis: "unreachable", "cloud-sql": "hanging" }],
    [220, { redis: "healthy", "cloud-sql": "slow" }],
    [400, { backend: "slow", auth: "healthy", websocket: "failing" }],
    [719, { backend: "healthy", frontend: "healthy", websocket: "healthy", "cloud-sql": "healthy" }],
    [720, { "vpc-connector": "failing", redis: "unreachable", "cloud-sql": "refusing" }],
  ])("at %i s", (seconds, expected) => {
    expect(modesAt(seconds)).toMatchObject(expected);
  });

  it("ends every cycle with every fault healthy", () => {
    const end = modesAt(ISSUE_1278_SCENARIO.cycleSeconds - 1);
    expect(Object.values(end).every((mode) => mode === "healthy")).toBe(true);
    expect(Object.keys(end).sort()).toEqual(Object.keys(DEMO_FAULTS).sort());
  });

  it("only uses modes the lab knows", () => {
    for (const step of ISSUE_1278_SCENARIO.steps) {
      for (const [fault, mode] of Object.entries(step.set)) expect(DEMO_FAULTS[fault]?.[mode], `${fault}:${mode}`).toBeDefined();
    }
  });
});

describe("the demo CI's reports", () => {
  it("report the incident's figures during the outage and green suites after the fix", () => {
    const [outage] = ISSUE_1278_SCENARIO.steps;
    expect(outage?.reports).toMatchObject({ unit: { passed: 12, failed: 0 }, integration: { passed: 0, failed: 11 }, e2e: { passed: 0, failed: 5 } });
    const after = ISSUE_1278_SCENARIO.steps.find((step) => step.reports?.validation?.failed === 0);
    expect(after?.atSeconds).toBeGreaterThan(400);
  });
});
