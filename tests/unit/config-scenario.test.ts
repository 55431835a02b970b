import { describe, expect, it } from "vitest";
import { parseConfigText, type ConfigProblem } from "@/lib/config";
import { MINIMAL_CONFIG, lineOfSnippet, parseValidConfig } from "@/tests/support/config-text";

// `lab.scenario` is a structured section: faults and modes are the lab's, posts come from a config team,
// steps run in order within the cycle; each mistake is a problem at its own path and line.

const withScenario = (steps: string) => `${MINIMAL_CONFIG}lab:
  enabled: true
  scenario:
    cycle: 2m
    steps:
${steps}`;

const VALID = withScenario(`      - at: 0s
        faults: { vpc-connector: failing, cloud-sql: hanging }
        reports: { unit: { passed: 12, failed: 0 } }
        posts:
          - { team: infra, type: update, text: "Outage: diagnosing" }
      - at: 90s
        faults: { vpc-connector: healthy }
`);

function problemsOf(text: string): ConfigProblem[] {
  const result = parseConfigText(text, {});
  if (result.ok) throw new Error("expected the config to be invalid");
  return result.problems;
}

describe("lab.scenario in config", () => {
  it("accepts a scenario and gives its times in ms", () => {
    const { lab } = parseValidConfig(VALID);
    expect(lab.scenario).toEqual({
      cycleMs: 120_000,
      steps: [
        {
          atMs: 0,
          faults: { "vpc-connector": "failing", "cloud-sql": "hanging" },
          reports: { unit: { passed: 12, failed: 0 } },
          posts: [{ team: "infra", type: "update", text: "Outage: diagnosing" }],
        },
        { atMs: 90_000, faults: { "vpc-connector": "healthy" }, reports: {}, posts: [] },
      ],
    });
  });

  it("accepts a lab without a scenario", () => {
    expect(parseValidConfig(`${MINIMAL_CONFIG}lab: { enabled: true }\n`).lab.scenario).toBeUndefined();
  });

  it.each<[string, string, string, string | RegExp, string]>([
    ["an unknown fault", "      - at: 0s\n        faults: { vpc-conector: failing }\n", "lab.scenario.steps.0.faults.vpc-conector", /^unknown lab fault \(expected one of vpc-connector, /, "vpc-conector"],
    ["an unknown mode", "      - at: 0s\n        faults: { redis: melting }\n", "lab.scenario.steps.0.faults.redis", 'unknown mode "melting" (expected one of healthy, failing, hanging, unreachable)', "melting"],
    ["a post by an unknown team", "      - at: 0s\n        posts: [{ team: sales, type: update, text: hi }]\n", "lab.scenario.steps.0.posts.0.team", "unknown team (expected one of infra)", "sales"],
    ["steps out of order", "      - at: 60s\n      - at: 30s\n", "lab.scenario.steps.1.at", "steps must be in time order", "at: 30s"],
    ["a step after the cycle", "      - at: 3m\n", "lab.scenario.steps.0.at", "must be before the end of the cycle", "at: 3m"],
  ])("reports %s with its path and line", (_name, steps, problemPath, message, snippet) => {
    const text = withScenario(steps);
    const problems = problemsOf(text);
    expect(problems).toHaveLength(1);
    const [problem] = problems as [ConfigProblem];
    expect(problem.path).toBe(problemPath);
    if (typeof message === "string") expect(problem.message).toBe(message);
    else expect(problem.message).toMatch(message);
    expect(problem.line).toBe(lineOfSnippet(text, snippet));
  });

  it("no longer accepts a scenario by name: the YAML is its only source", () => {
    expect(problemsOf(`${MINIMAL_CONFIG}lab: { enabled: true, scenario: issue-1278 }\n`)[0]?.path).toBe("lab.scenario");
  });
});
