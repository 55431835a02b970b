import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { formatProblem, loadConfigFile, parseConfigText, type ConfigProblem } from "@/lib/config";
import { MINIMAL_CONFIG, editConfig, lineOfSnippet } from "@/tests/support/config-text";

/** The problems of a config that must be invalid. */
function problemsOf(text: string, env: Record<string, string> = {}): ConfigProblem[] {
  const result = parseConfigText(text, env);
  if (result.ok) throw new Error("expected the config to be invalid");
  return result.problems;
}

describe("parseConfigText", () => {
  it("accepts the minimal config and applies defaults", () => {
    const result = parseConfigText(MINIMAL_CONFIG, {});
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [db, api] = result.config.components;
    expect(db).toMatchObject({ name: "db", group: "Other", interval: 30_000, timeout: 10_000, failureThreshold: 2, successThreshold: 1 });
    expect(api?.probe).toEqual({ type: "http", url: "http://127.0.0.1:8080/health", method: "GET", headers: {}, followRedirects: false });
    expect(result.config.criteria[0]).toMatchObject({ kind: "components", auto: { window: 1 } });
    expect(result.config.phases[0]?.estimate).toEqual({ minMs: 3_600_000, maxMs: 7_200_000 });
    expect(result.config.access.publicRead).toBe(false);
    expect(result.config.lab.enabled).toBe(false);
  });

  it("lets component values override defaults", () => {
    const text = editConfig("    dependsOn: [db]\n", "    dependsOn: [db]\n    interval: 15s\n    timeout: 5s\n    failureThreshold: 3\n");
    const result = parseConfigText(editConfig("teams:", "defaults: { interval: 1m }\nteams:", text), {});
    expect(result.ok && result.config.components.map((c) => [c.interval, c.timeout, c.failureThreshold])).toEqual([
      [60_000, 10_000, 2],
      [15_000, 5_000, 3],
    ]);
  });

  const BAD_CONFIGS: [string, string, string, string | RegExp, string][] = [
    // name, config text, expected path, expected message, snippet on the expected line
    ["malformed YAML", editConfig("  - id: db\n", "  - id: db\n   bad: [1,\n"), "", /invalid YAML/, "bad: [1,"],
    ["a wrong type", editConfig("port: 5432", 'port: "many"'), "components.0.probe.port", /expected number/, 'port: "many"'],
    ["a missing field", editConfig("  title: Test incident\n", ""), "incident.title", "required (string)", "incident:"],
    ["an unknown probe type", editConfig("type: tcp", "type: smtp"), "components.0.probe.type", /unknown or missing probe type/, "type: smtp"],
    ["an unknown key", editConfig("  - id: db\n", "  - id: db\n    intervall: 30s\n"), "components.0.intervall", 'unknown key "intervall"', "intervall"],
    ["a bad duration", editConfig("estimate: 1h..2h", "estimate: 2h..1h"), "phases.0.estimate", /minimum is greater/, "estimate: 2h..1h"],
    ["a bad id", editConfig("  - id: db\n", "  - id: Db_1\n"), "components.0.id", /\[a-z0-9-\]\+/, "id: Db_1"],
    ["a duplicate component id", editConfig("tests:\n", "  - { id: db, probe: { type: tcp, host: h, port: 1 } }\ntests:\n"), "components.2.id", /duplicate id "db" \(first at components\.0\)/, "{ id: db, probe"],
    ["a duplicate team id", editConfig("  - { id: infra, name: Infra }\n", "  - { id: infra, name: Infra }\n  - { id: infra, name: Again }\n"), "teams.1.id", /duplicate id "infra" \(first at teams\.0\)/, "Again"],
    ["a dangling dependsOn", editConfig("dependsOn: [db]", "dependsOn: [dbx]"), "components.1.dependsOn.0", 'unknown component "dbx"', "dependsOn: [dbx]"],
    ["a dangling criterion component", editConfig("components: [api]", "components: [apx]"), "criteria.0.auto.components.0", 'unknown component "apx"', "components: [apx]"],
    ["a dangling criterion owner", editConfig("    owner: infra\n", "    owner: ops\n"), "criteria.0.owner", 'unknown team "ops"', "owner: ops"],
    ["a dangling phase criterion", editConfig("exitCriteria: [up]", "exitCriteria: [down]"), "phases.0.exitCriteria.0", 'unknown criterion "down"', "exitCriteria: [down]"],
    ["a dangling phase owner", editConfig("owner: infra, estimate", "owner: dev, estimate"), "phases.0.owner", 'unknown team "dev"', "owner: dev"],
    ["a dangling suite", editConfig('auto: { components: [api], conditions: ["[STATUS] == 200"]', 'auto: { suite: e2e, conditions: ["[PASS_RATE] == 100"]'), "criteria.0.auto.suite", 'unknown test suite "e2e"', "suite: e2e"],
    ["a dangling segment dependsOn", editConfig("exposure: 0.5, dependsOn: [api]", "exposure: 0.5, dependsOn: [web]"), "impact.segments.0.dependsOn.0", 'unknown component "web"', "dependsOn: [web]"],
    ["a dependsOn cycle", editConfig("  - id: db\n", "  - id: db\n    dependsOn: [api]\n"), "components.0.dependsOn", "dependsOn cycle: db → api → db", "dependsOn: [api]"],
    ["a self dependency", editConfig("  - id: db\n", "  - id: db\n    dependsOn: [db]\n"), "components.0.dependsOn", "dependsOn cycle: db → db", "dependsOn: [db]"],
    ["a missing env var", editConfig("http://127.0.0.1:8080/health", "${API_URL}"), "components.1.probe.url", "environment variable API_URL is not set", "${API_URL}"],
    ["a non-http url in an http probe", editConfig("http://127.0.0.1:8080/health", "ftp://127.0.0.1/health"), "components.1.probe.url", "must be a http:// or https:// URL", "ftp://"],
    ["auto and signoff together", editConfig("    owner: infra\n", "    owner: infra\n    signoff: true\n"), "criteria.0", /both auto and signoff/, "  - id: up"],
    ["neither auto nor signoff", editConfig('    auto: { components: [api], conditions: ["[STATUS] == 200"] }\n', ""), "criteria.0", /needs either auto/, "  - id: up"],
    ["window on a suite criterion", editConfig('auto: { components: [api], conditions: ["[STATUS] == 200"]', 'auto: { suite: unit, window: 3, conditions: ["[PASS_RATE] == 100"]'), "criteria.0.auto.window", /components only/, "auto: { suite"],
    ["an exposure above 1", editConfig("exposure: 0.5", "exposure: 1.5"), "impact.segments.0.exposure", /<=1/, "exposure: 1.5"],
    ["an empty command", editConfig("{ type: tcp, host: 127.0.0.1, port: 5432 }", "{ type: command, command: [] }"), "components.0.probe.command", /program and its arguments/, "command: []"],
    ["a reserved team id", editConfig("{ id: infra, name: Infra }", "{ id: viewer, name: Viewers }"), "teams.0.id", /reserved/, "id: viewer"],
    ["a bad startedAt", editConfig("2025-01-01T00:00:00Z", "yesterday"), "incident.startedAt", /ISO 8601/, "yesterday"],
    ["duplicate keys", editConfig("  severity: P1\n", "  severity: P1\n  severity: P2\n"), "", /unique/, "severity: P2"],
  ];

  it.each(BAD_CONFIGS)("reports %s with its path and line", (_name, text, problemPath, message, snippet) => {
    const problems = problemsOf(text, {});
    // A YAML syntax error may cascade into follow-up errors; everything else must be reported exactly once.
    if (problemPath !== "") expect(problems).toHaveLength(1);
    const [problem] = problems as [ConfigProblem];
    expect(problem.path).toBe(problemPath);
    expect(problem.message).toMatch(message);
    expect(problem.line).toBe(lineOfSnippet(text, snippet));
    expect(formatProblem(problem)).toBe(`${problemPath || "(root)"}: ${problem.message} (line ${problem.line})`);
  });

  it("lists every schema problem at once, ordered by line", () => {
    let text = editConfig("severity: P1", "severity: P9");
    text = editConfig("  - id: db\n", "  - id: db\n    intervall: 30s\n", text);
    text = editConfig("http://127.0.0.1:8080/health", "${API_URL}", text);
    text = editConfig("exposure: 0.5", "exposure: -1", text);
    const problems = problemsOf(text);
    expect(problems.map((p) => p.path)).toEqual([
      "incident.severity",
      "components.0.intervall",
      "components.1.probe.url",
      "impact.segments.0.exposure",
    ]);
    expect(problems.every((p) => typeof p.line === "number")).toBe(true);
  });

  it("lists every reference problem at once", () => {
    let text = editConfig("dependsOn: [db]", "dependsOn: [nope, db]");
    text = editConfig("exitCriteria: [up]", "exitCriteria: [up, gone]", text);
    text = editConfig("    - { id: unit }\n", "    - { id: unit }\n    - { id: unit, name: Again }\n", text);
    text = editConfig("dependsOn: [api] }\n  functions", "dependsOn: [web] }\n  functions", text);
    text = editConfig("  - id: db\n", "  - id: db\n    dependsOn: [api]\n", text);
    expect(problemsOf(text).map(formatProblem)).toEqual([
      `components.0.dependsOn: dependsOn cycle: db → api → db (line ${lineOfSnippet(text, "dependsOn: [api]")})`,
      `components.1.dependsOn.0: unknown component "nope" (line ${lineOfSnippet(text, "dependsOn: [nope")})`,
      `tests.suites.1.id: duplicate id "unit" (first at tests.suites.0) (line ${lineOfSnippet(text, "Again")})`,
      `phases.0.exitCriteria.1: unknown criterion "gone" (line ${lineOfSnippet(text, "exitCriteria")})`,
      `impact.segments.0.dependsOn.0: unknown component "web" (line ${lineOfSnippet(text, "dependsOn: [web]")})`,
    ]);
  });

  it("lists a missing variable together with reference problems", () => {
    let text = editConfig("host: 127.0.0.1", 'host: "${DB_HOST}"');
    text = editConfig("dependsOn: [db]", "dependsOn: [dbx]", text);
    expect(problemsOf(text).map((p) => p.path)).toEqual(["components.0.probe.host", "components.1.dependsOn.0"]);
  });

  it.each([
    ["an empty file", "", /is empty/],
    ["a list instead of a mapping", "- a\n- b\n", /must be a YAML mapping/],
    ["a scalar", "hello\n", /must be a YAML mapping/],
  ])("rejects %s", (_name, text, message) => {
    const [problem] = problemsOf(text);
    expect(problem?.path).toBe("");
    expect(problem?.message).toMatch(message);
  });

  it("never echoes a URL that may hold a secret", () => {
    const text = editConfig("http://127.0.0.1:8080/health", "${API_URL}");
    const messages = problemsOf(text, { API_URL: "ftp://user:hunter2@host/" }).map(formatProblem).join("\n");
    expect(messages).toContain("components.1.probe.url");
    expect(messages).not.toContain("hunter2");
  });
});

describe("loadConfigFile", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "handback-config-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("loads a file from disk", () => {
    const file = path.join(dir, "ok.yaml");
    writeFileSync(file, MINIMAL_CONFIG);
    expect(loadConfigFile(file, {}).ok).toBe(true);
  });

  it.each([
    ["a missing file", path.join(dir, "missing.yaml"), /cannot read config file .*missing\.yaml: file not found/],
    ["a directory", dir, /is a directory/],
  ])("reports %s as one problem", (_name, file, message) => {
    const result = loadConfigFile(file, {});
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]?.message).toMatch(message);
  });
});
