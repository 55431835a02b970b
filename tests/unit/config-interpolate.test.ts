import { describe, expect, it } from "vitest";
import { interpolateString } from "@/lib/config/interpolate";
import { formatProblem, parseConfigText } from "@/lib/config";
import { editConfig, lineOfSnippet } from "@/tests/support/config-text";

const env = { DB_URL: "postgres://u:secret@db:5432/app", HOST: "example.com", EMPTY: "" };

describe("interpolateString", () => {
  it.each([
    ["no variables", "plain", "plain"],
    ["${DB_URL}", "${DB_URL}", env.DB_URL],
    ["embedded", "https://${HOST}/health", "https://example.com/health"],
    ["twice", "${HOST}-${HOST}", "example.com-example.com"],
    ["empty value counts as set", "a${EMPTY}b", "ab"],
    ["escape", "$${HOST}", "${HOST}"],
    ["escape beside a variable", "$${HOST}=${HOST}", "${HOST}=example.com"],
    ["lone dollar", "cost $5", "cost $5"],
    ["dollar brace-less", "$HOST", "$HOST"],
  ])("%s", (_name, text, value) => {
    expect(interpolateString(text, env)).toEqual({ value, missing: [], invalid: [] });
  });

  it.each([
    ["missing", "${NOPE}", ["NOPE"], []],
    ["one of two missing", "${HOST}:${PORT}", ["PORT"], []],
    ["malformed name", "${not-a-name}", [], ["not-a-name"]],
    ["empty name", "${}", [], [""]],
    ["unclosed", "x${HOST", [], ["${HOST"]],
  ])("%s", (_name, text, missing, invalid) => {
    const result = interpolateString(text, env);
    expect(result.missing).toEqual(missing);
    expect(result.invalid).toEqual(invalid);
  });
});

describe("interpolation in a config file", () => {
  const text = editConfig('host: 127.0.0.1, port: 5432', 'host: "${DB_HOST}", port: 5432');

  it("replaces a variable that is set", () => {
    const result = parseConfigText(text, { DB_HOST: "10.0.0.5" });
    expect(result.ok && result.config.components[0]?.probe).toMatchObject({ type: "tcp", host: "10.0.0.5" });
  });

  it("reports a missing variable with the path and line of its string", () => {
    const result = parseConfigText(text, {});
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([
      { path: "components.0.probe.host", message: "environment variable DB_HOST is not set", line: lineOfSnippet(text, "${DB_HOST}") },
    ]);
    expect(formatProblem(result.problems[0]!)).toBe(
      `components.0.probe.host: environment variable DB_HOST is not set (line ${lineOfSnippet(text, "${DB_HOST}")})`,
    );
  });

  it("leaves keys, numbers and comments alone", () => {
    const withComment = editConfig("teams:", "# ${NOT_READ}\nteams:");
    expect(parseConfigText(withComment, {}).ok).toBe(true);
  });
});
