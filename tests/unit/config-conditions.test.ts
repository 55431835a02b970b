import { describe, expect, it } from "vitest";
import { formatProblem, parseConfigText, type ConfigProblem } from "@/lib/config";
import { MINIMAL_CONFIG, editConfig, lineOfSnippet } from "@/tests/support/config-text";

// Conditions are parsed while the config loads: a bad one is a problem at its own path and line.

const COMPONENT_CONDITIONS = '    conditions: ["[STATUS] == 200"]\n';
const CRITERION_AUTO = 'auto: { components: [api], conditions: ["[STATUS] == 200"] }';

/** The problems of a config that must be invalid. */
function problemsOf(text: string): ConfigProblem[] {
  const result = parseConfigText(text, {});
  if (result.ok) throw new Error("expected the config to be invalid");
  return result.problems;
}

/** MINIMAL_CONFIG with the api component's conditions replaced by `yaml` (indented under the component). */
const withComponentConditions = (yaml: string) => editConfig(COMPONENT_CONDITIONS, yaml);
/** MINIMAL_CONFIG with the criterion's `auto` replaced. */
const withAuto = (auto: string) => editConfig(CRITERION_AUTO, auto);

describe("conditions in config", () => {
  it.each<[string, string, string, string | RegExp, string]>([
    // name, config text, expected path, expected message, snippet on the expected line
    [
      "a missing operator in a component",
      withComponentConditions('    conditions: ["[STATUS] == 200", "[STATUS] 200"]\n'),
      "components.1.conditions.1",
      'expected an operator (== != < <= > >=) after [STATUS], found "200" at column 10',
      '"[STATUS] 200"',
    ],
    [
      "a bad condition in a block list",
      withComponentConditions('    conditions:\n      - "[STATUS] == 200"\n      - "[BODY].status = ok"\n'),
      "components.1.conditions.1",
      /use == to compare, not =/,
      "[BODY].status = ok",
    ],
    [
      "an unknown placeholder in degradedWhen",
      withComponentConditions(`${COMPONENT_CONDITIONS}    degradedWhen: ["[LATENCY] > 800"]\n`),
      "components.1.degradedWhen.0",
      /unknown placeholder \[LATENCY\]; known placeholders: \[STATUS\]/,
      "degradedWhen",
    ],
    [
      "an unknown function in a criterion",
      withAuto('auto: { components: [api], conditions: ["size([BODY]) > 0"] }'),
      "criteria.0.auto.conditions.0",
      /unknown function size\(\)/,
      "size(",
    ],
    [
      "a test placeholder in a component",
      withComponentConditions('    conditions: ["[PASS_RATE] >= 80"]\n'),
      "components.1.conditions.0",
      "[PASS_RATE] is a test result: only a criterion with auto.suite can use it",
      "[PASS_RATE] >= 80",
    ],
    [
      "a test placeholder in a components criterion",
      withAuto('auto: { components: [api], conditions: ["[STATUS] == 200", "[FAILED] == 0"] }'),
      "criteria.0.auto.conditions.1",
      /\[FAILED\] is a test result/,
      "[FAILED] == 0",
    ],
    [
      "a probe placeholder in a suite criterion",
      withAuto('auto: { suite: unit, conditions: ["[PASS_RATE] == 100", "[STATUS] == 200"] }'),
      "criteria.0.auto.conditions.1",
      "a suite criterion judges test results: use [PASS_RATE] [TESTS] [PASSED] [FAILED] [SKIPPED] [MISSING] [CRITICAL_FAILED], not [STATUS]",
      "suite: unit",
    ],
    [
      "a probe placeholder on the right of a suite criterion",
      withAuto('auto: { suite: unit, conditions: ["[PASSED] == [ROWS]"] }'),
      "criteria.0.auto.conditions.0",
      /not \[ROWS\]/,
      "suite: unit",
    ],
    [
      "an empty condition",
      withComponentConditions('    conditions: ["  "]\n'),
      "components.1.conditions.0",
      "a condition must not be empty",
      'conditions: ["  "]',
    ],
  ])("reports %s with its path and line", (_name, text, problemPath, message, snippet) => {
    const problems = problemsOf(text);
    expect(problems).toHaveLength(1);
    const [problem] = problems as [ConfigProblem];
    expect(problem.path).toBe(problemPath);
    if (typeof message === "string") expect(problem.message).toBe(message);
    else expect(problem.message).toMatch(message);
    expect(problem.line).toBe(lineOfSnippet(text, snippet));
  });

  it("lists every bad condition at once, ordered by line", () => {
    let text = withComponentConditions('    conditions: ["[STATUS] ==", "[SKIPPED] == 0"]\n    degradedWhen: ["[STATUS] == (200"]\n');
    text = editConfig(CRITERION_AUTO, 'auto: { components: [api], conditions: ["len([BODY] > 1"] }', text);
    expect(problemsOf(text).map(formatProblem)).toEqual([
      `components.1.conditions.0: the right side is empty: expected a value after [STATUS] == (line ${lineOfSnippet(text, "[STATUS] ==")})`,
      `components.1.conditions.1: [SKIPPED] is a test result: only a criterion with auto.suite can use it (line ${lineOfSnippet(text, "[STATUS] ==")})`,
      `components.1.degradedWhen.0: expected a value, found "(200" at column 13 (line ${lineOfSnippet(text, "degradedWhen")})`,
      `criteria.0.auto.conditions.0: expected ")" to close len(, found ">" at column 12 (line ${lineOfSnippet(text, "len(")})`,
    ]);
  });

  it("accepts every function, a suite criterion on test results, and keeps the strings", () => {
    const conditions = [
      "[STATUS] == any(200, 204)",
      "[BODY] == pat(*ok*)",
      "len([BODY].items) > 0",
      "has([BODY].errors) == false",
      "[HEADER].Content-Type == application/json",
      "[RESPONSE_TIME] < 2s",
    ];
    let text = withComponentConditions(`    conditions: ${JSON.stringify(conditions)}\n`);
    text = editConfig(CRITERION_AUTO, 'auto: { suite: unit, conditions: ["[PASS_RATE] >= 80", "[PASSED] == [TESTS]"] }', text);
    const result = parseConfigText(text, {});
    expect(result.ok ? undefined : result.problems).toBeUndefined();
    if (!result.ok) return;
    expect(result.config.components[1]?.conditions).toEqual(conditions);
    expect(result.config.criteria[0]).toMatchObject({ kind: "suite", auto: { conditions: ["[PASS_RATE] >= 80", "[PASSED] == [TESTS]"] } });
  });

  it("accepts the minimal config unchanged", () => {
    expect(parseConfigText(MINIMAL_CONFIG, {}).ok).toBe(true);
  });
});
