import { describe, expect, it } from "vitest";
import { compileConditions, evaluateAll, evaluateCondition, formatOutcome, parseCondition } from "@/lib/conditions";
import type { Observations } from "@/lib/probes/types";

// Judging conditions against observations: every comparison rule, and that nothing unmeasured ever passes.

const HOUR = 3_600_000;
const JSON_BODY = JSON.stringify({
  status: "healthy",
  count: "42",
  items: [{ id: 1, name: "a" }, { id: 2 }],
  nested: { list: [[1, 2], [3]] },
  empty: [],
  nothing: null,
  ok: true,
  limit: 1000,
  message: "all systems go",
});

const HTTP: Observations = {
  STATUS: 503,
  RESPONSE_TIME: 812.4,
  CONNECTED: true,
  BODY: JSON_BODY,
  HEADER: { "content-type": "application/json", "x-request-id": "abc" },
};
const TEXT: Observations = { STATUS: "200", BODY: "PONG", CONNECTED: true };
const TLS: Observations = { CONNECTED: true, CERTIFICATE_EXPIRATION: 400 * HOUR, CERTIFICATE_VALID: false };
const DNS: Observations = { DNS_RCODE: "NOERROR", IP: "10.0.0.1", BODY: "10.0.0.1,10.0.0.2" };
const COMMAND: Observations = { EXIT_CODE: 0, OUTPUT: "READY", ROWS: 1 };
const SUITE: Observations = { PASS_RATE: 87.5, TESTS: 10, PASSED: 7, FAILED: 1, SKIPPED: 2 };
const REFUSED: Observations = { CONNECTED: false };

/** Parses and evaluates in one step. */
const judge = (text: string, observations: Observations) => evaluateCondition(parseCondition(text), observations);

describe("evaluateCondition", () => {
  it.each<[string, boolean, string | number | boolean | null, Observations]>([
    // numbers and every operator
    ["[STATUS] == 200", false, 503, HTTP],
    ["[STATUS] == 503", true, 503, HTTP],
    ["[STATUS] != 200", true, 503, HTTP],
    ["[STATUS] != 503", false, 503, HTTP],
    ["[STATUS] < 500", false, 503, HTTP],
    ["[STATUS] < 504", true, 503, HTTP],
    ["[STATUS] <= 503", true, 503, HTTP],
    ["[STATUS] <= 502", false, 503, HTTP],
    ["[STATUS] > 502", true, 503, HTTP],
    ["[STATUS] > 503", false, 503, HTTP],
    ["[STATUS] >= 503", true, 503, HTTP],
    ["[STATUS] >= 504", false, 503, HTTP],
    ["[RESPONSE_TIME] < 2000", true, 812.4, HTTP],
    ["[RESPONSE_TIME] > 800", true, 812.4, HTTP],
    ["[STATUS] == 503.0", true, 503, HTTP],
    // numeric strings compare as numbers
    ["[STATUS] == 200", true, "200", TEXT],
    ["[STATUS] >= 200", true, "200", TEXT],
    ['[STATUS] == "200"', false, 503, HTTP],
    ["[BODY].count > 40", true, "42", HTTP],
    ["[BODY].count == 42.0", true, "42", HTTP],
    ["[ROWS] == 1", true, 1, COMMAND],
    // durations compare in milliseconds
    ["[CERTIFICATE_EXPIRATION] > 336h", true, 400 * HOUR, TLS],
    ["[CERTIFICATE_EXPIRATION] > 16d", true, 400 * HOUR, TLS],
    ["[CERTIFICATE_EXPIRATION] > 17d", false, 400 * HOUR, TLS],
    ["[CERTIFICATE_EXPIRATION] >= 400h", true, 400 * HOUR, TLS],
    ["[RESPONSE_TIME] < 1s", true, 812.4, HTTP],
    ["[RESPONSE_TIME] < 500ms", false, 812.4, HTTP],
    ["[RESPONSE_TIME] < 1m30s", true, 812.4, HTTP],
    // booleans
    ["[CONNECTED] == true", true, true, HTTP],
    ["[CONNECTED] == false", false, true, HTTP],
    ["[CONNECTED] != false", true, true, HTTP],
    ["[CONNECTED] == true", false, false, REFUSED],
    ['[CONNECTED] == "true"', true, true, HTTP],
    ["[CERTIFICATE_VALID] == true", false, false, TLS],
    ["[BODY].ok == true", true, true, HTTP],
    // strings, bare and quoted
    ["[BODY] == PONG", true, "PONG", TEXT],
    ["[BODY] == pong", false, "PONG", TEXT],
    ["[BODY] != PONG", false, "PONG", TEXT],
    ["[OUTPUT] == READY", true, "READY", COMMAND],
    ["[DNS_RCODE] == NOERROR", true, "NOERROR", DNS],
    ["[DNS_RCODE] != NXDOMAIN", true, "NOERROR", DNS],
    ["[IP] == 10.0.0.1", true, "10.0.0.1", DNS],
    ['[BODY].message == "all systems go"', true, "all systems go", HTTP],
    ["[BODY].message == 'all systems go'", true, "all systems go", HTTP],
    // JSON paths
    ["[BODY].status == healthy", true, "healthy", HTTP],
    ["[BODY].status == degraded", false, "healthy", HTTP],
    ["[BODY].items[0].id == 1", true, 1, HTTP],
    ["[BODY].items[1].id == 2", true, 2, HTTP],
    ["[BODY].items[0].name == a", true, "a", HTTP],
    ["[BODY].nested.list[1][0] == 3", true, 3, HTTP],
    ["[BODY].nothing == null", true, null, HTTP],
    [`[BODY].items[1] == '{"id":2}'`, true, '{"id":2}', HTTP],
    // headers, case-insensitive
    ["[HEADER].content-type == application/json", true, "application/json", HTTP],
    ["[HEADER].Content-Type == application/json", true, "application/json", HTTP],
    ["[HEADER].X-REQUEST-ID == abc", true, "abc", HTTP],
    // len()
    ["len([BODY]) == 4", true, 4, TEXT],
    ["len([BODY].items) == 2", true, 2, HTTP],
    ["len([BODY].empty) == 0", true, 0, HTTP],
    ["len([BODY].items) > 2", false, 2, HTTP],
    ["len([BODY].status) == 7", true, 7, HTTP],
    ["len([BODY].items[0]) == 2", true, 2, HTTP],
    ["len([OUTPUT]) >= 5", true, 5, COMMAND],
    // has()
    ["has([BODY].status) == true", true, true, HTTP],
    ["has([BODY].errors) == false", true, false, HTTP],
    ["has([BODY].errors) == true", false, false, HTTP],
    ["has([BODY].items[5]) == false", true, false, HTTP],
    ["has([BODY].nothing) == true", true, true, HTTP],
    ["has([BODY].x) == false", true, false, TEXT],
    ["has([HEADER].ETag) == false", true, false, HTTP],
    ["has([HEADER].X-Request-Id) == true", true, true, HTTP],
    // pat()
    ["[BODY] == pat(*ON*)", true, "PONG", TEXT],
    ["[BODY] == pat(P?NG)", true, "PONG", TEXT],
    ["[BODY] == pat(P?G)", false, "PONG", TEXT],
    ["[BODY] == pat(*on*)", false, "PONG", TEXT],
    ["[BODY] != pat(*ERR*)", true, "PONG", TEXT],
    ["[BODY].message == pat(all*go)", true, "all systems go", HTTP],
    ["[BODY] == pat(10.0.0.*)", true, "10.0.0.1,10.0.0.2", DNS],
    ["[IP] == pat(10.0.0.?)", true, "10.0.0.1", DNS],
    ["[IP] == pat(10a0.0.1)", false, "10.0.0.1", DNS],
    ["[STATUS] == pat(5*)", true, 503, HTTP],
    // any()
    ["[STATUS] == any(200, 503)", true, 503, HTTP],
    ["[STATUS] == any(200, 204)", false, 503, HTTP],
    ["[STATUS] != any(200, 204)", true, 503, HTTP],
    ["[STATUS] != any(503, 504)", false, 503, HTTP],
    ["[DNS_RCODE] == any(NOERROR, NXDOMAIN)", true, "NOERROR", DNS],
    ['[OUTPUT] == any("NOT READY", READY)', true, "READY", COMMAND],
    // placeholders on the right
    ["[PASSED] == [TESTS]", false, 7, SUITE],
    ["[PASSED] < [TESTS]", true, 7, SUITE],
    ["[RESPONSE_TIME] < [BODY].limit", true, 812.4, HTTP],
    // test results
    ["[PASS_RATE] >= 80", true, 87.5, SUITE],
    ["[PASS_RATE] == 100", false, 87.5, SUITE],
    ["[FAILED] == 0", false, 1, SUITE],
    ["[SKIPPED] <= 2", true, 2, SUITE],
    ["[EXIT_CODE] == 0", true, 0, COMMAND],
  ])("%s → %s", (text, success, actual, observations) => {
    const outcome = judge(text, observations);
    expect(outcome).toMatchObject({ condition: text, success, actual });
    if (success) expect(outcome.reason).toBeUndefined();
  });
});

describe("evaluateCondition: failures with a reason", () => {
  it.each<[string, Observations, string | RegExp]>([
    ["[STATUS] == 200", REFUSED, "[STATUS] was not measured"],
    ["[STATUS] != 200", REFUSED, "[STATUS] was not measured"],
    ["[STATUS] != 200", { STATUS: null }, "[STATUS] was not measured"],
    ["[BODY] != pat(*error*)", REFUSED, "[BODY] was not measured"],
    ["[STATUS] != any(500, 502)", REFUSED, "[STATUS] was not measured"],
    ["has([BODY].errors) == false", REFUSED, "[BODY] was not measured"],
    ["len([BODY]) == 0", REFUSED, "[BODY] was not measured"],
    ["[PASS_RATE] >= 0", {}, "[PASS_RATE] was not measured"],
    ["[HEADER].etag != x", REFUSED, "[HEADER] was not measured"],
    ["[HEADER].etag != x", HTTP, '[HEADER].etag: no "etag" header in the response'],
    ["[PASSED] == [TESTS]", { PASSED: 3 }, "[TESTS] was not measured"],
    ["[BODY].status == healthy", TEXT, "[BODY] is not JSON, so [BODY].status cannot be read"],
    ["[BODY].status != healthy", DNS, /is not JSON/],
    ["[BODY].missing == x", HTTP, '[BODY].missing not found: no key "missing"'],
    ["[BODY].missing != x", HTTP, /not found/],
    ["[BODY].items[2].id == 1", HTTP, "[BODY].items[2].id not found: index 2 is past the end (length 2)"],
    ["[BODY].status.code == 1", HTTP, '[BODY].status.code not found: "code" needs an object, found a string'],
    ["[BODY].status[0] == 1", HTTP, "[BODY].status[0] not found: [0] needs an array, found a string"],
    ["[BODY].nothing.x == 1", HTTP, '[BODY].nothing.x not found: "x" needs an object, found null'],
    ["len([BODY].missing) == 0", HTTP, /not found/],
    ["[BODY].status < 5", HTTP, "[BODY].status is not a number, so < cannot compare it"],
    ["[OUTPUT] >= 1", COMMAND, "[OUTPUT] is not a number, so >= cannot compare it"],
    ["[PASSED] < [BODY]", { PASSED: 1, BODY: "many" }, '"many" is not a number or a duration, so < cannot compare with it'],
  ])("%s fails with a reason", (text, observations, reason) => {
    const outcome = judge(text, observations);
    expect(outcome.success).toBe(false);
    if (typeof reason === "string") expect(outcome.reason).toBe(reason);
    else expect(outcome.reason).toMatch(reason);
  });

  it("leaves actual null when the value could not be read", () => {
    expect(judge("[STATUS] == 200", REFUSED)).toEqual({
      condition: "[STATUS] == 200",
      left: "[STATUS]",
      operator: "==",
      expected: "200",
      success: false,
      actual: null,
      reason: "[STATUS] was not measured",
    });
  });

  it("truncates a long actual value to about 200 characters", () => {
    const outcome = judge("[BODY] == short", { BODY: "x".repeat(5000) });
    expect(outcome.actual).toBe(`${"x".repeat(200)}…`);
  });

  it("reports JSON values from a body path as JSON text", () => {
    expect(judge("[BODY].nested == x", HTTP).actual).toBe('{"list":[[1,2],[3]]}');
  });
});

describe("evaluateAll", () => {
  it.each<[string[], Observations, boolean]>([
    [[], {}, true],
    [["[STATUS] == 503", "[CONNECTED] == true"], HTTP, true],
    [["[STATUS] == 503", "[RESPONSE_TIME] < 500"], HTTP, false],
    [["[STATUS] == 200", "[BODY] == PONG"], TEXT, true],
    [["[STATUS] == 200"], REFUSED, false],
  ])("%j", (texts, observations, success) => {
    const result = evaluateAll(compileConditions(texts), observations);
    expect(result.success).toBe(success);
    expect(result.outcomes.map((outcome) => outcome.condition)).toEqual(texts);
  });
});

describe("formatOutcome", () => {
  it.each<[string, Observations, string]>([
    ["[STATUS] == 200", HTTP, "[STATUS] (503) == 200"],
    ["[STATUS] == 503", HTTP, "[STATUS] (503) == 503"],
    ["[CONNECTED] == true", REFUSED, "[CONNECTED] (false) == true"],
    ["len([BODY].items) > 0", HTTP, "len([BODY].items) (2) > 0"],
    ["[BODY] == pat(*healthy*)", TEXT, "[BODY] (PONG) == pat(*healthy*)"],
    ['[BODY] == "a b"', { BODY: "" }, '[BODY] ("") == "a b"'],
    ["[STATUS] == 200", REFUSED, "[STATUS] == 200: [STATUS] was not measured"],
    ["[BODY].status < 5", HTTP, "[BODY].status (healthy) < 5: [BODY].status is not a number, so < cannot compare it"],
  ])("formats %s", (text, observations, line) => {
    expect(formatOutcome(judge(text, observations))).toBe(line);
  });
});

describe("compileConditions", () => {
  it("parses each distinct text once and returns the same tree", () => {
    const [first] = compileConditions(["[STATUS] == 200"]);
    const [again] = compileConditions([" [STATUS] == 200 "]);
    expect(again).toBe(first);
  });

  it("throws the syntax error of a bad condition", () => {
    expect(() => compileConditions(["[STATUS] 200"])).toThrow(/expected an operator/);
  });
});
