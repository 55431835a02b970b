import { describe, expect, it } from "vitest";
import { ConditionSyntaxError, parseCondition } from "@/lib/conditions";

// The condition grammar: what parses into which tree, and what is rejected with which message.

/** The message a condition fails to parse with. */
function syntaxErrorOf(text: string): ConditionSyntaxError {
  try {
    parseCondition(text);
  } catch (error) {
    if (error instanceof ConditionSyntaxError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(text)} not to parse`);
}

const ref = (name: string, path: (string | number)[] = []) => expect.objectContaining({ kind: "placeholder", name, path });
const lit = (text: string, extra: object = {}) => ({ kind: "literal", literal: { text, ...extra } });

describe("parseCondition: operators", () => {
  it.each([
    ["[STATUS] == 200", "=="],
    ["[STATUS] != 200", "!="],
    ["[STATUS] < 500", "<"],
    ["[STATUS] <= 499", "<="],
    ["[STATUS] > 199", ">"],
    ["[STATUS] >= 200", ">="],
    ["[STATUS]<=499", "<="],
    ["[STATUS]>=200", ">="],
    ["[STATUS]==200", "=="],
    ["  [STATUS]   ==   200  ", "=="],
  ])("%s uses %s", (text, operator) => {
    const parsed = parseCondition(text);
    expect(parsed.operator).toBe(operator);
    expect(parsed.text).toBe(text.trim());
    expect(parsed.left).toEqual(ref("STATUS"));
  });
});

describe("parseCondition: right-side values", () => {
  it.each([
    ["[STATUS] == 200", lit("200", { number: 200 })],
    ["[PASS_RATE] >= 99.5", lit("99.5", { number: 99.5 })],
    ["[EXIT_CODE] != -1", lit("-1", { number: -1 })],
    ["[CERTIFICATE_EXPIRATION] > 336h", lit("336h", { durationMs: 336 * 3_600_000 })],
    ["[RESPONSE_TIME] < 500ms", lit("500ms", { durationMs: 500 })],
    ["[RESPONSE_TIME] < 1h30m", lit("1h30m", { durationMs: 5_400_000 })],
    ["[CONNECTED] == true", lit("true")],
    ["[CERTIFICATE_VALID] == false", lit("false")],
    ["[OUTPUT] == READY", lit("READY")],
    ["[DNS_RCODE] == NOERROR", lit("NOERROR")],
    ["[BODY].status == healthy", lit("healthy")],
    ['[BODY] == "a b"', { kind: "literal", literal: { text: "a b" }, text: '"a b"' }],
    ["[BODY] == 'x == y'", { kind: "literal", literal: { text: "x == y" } }],
    ['[BODY] == ""', { kind: "literal", literal: { text: "" } }],
    ['[STATUS] == "200"', lit("200", { number: 200 })],
    ["[IP] == 10.0.0.1", lit("10.0.0.1")],
    ["[BODY] == pat(*healthy*)", { kind: "pattern", glob: "*healthy*", text: "pat(*healthy*)" }],
    ['[BODY] == pat("*a) b*")', { kind: "pattern", glob: "*a) b*" }],
    ["[STATUS] == any(200, 204)", { kind: "any", options: [{ text: "200", number: 200 }, { text: "204", number: 204 }] }],
    ['[OUTPUT] != any(FAIL, "NOT OK")', { kind: "any", options: [{ text: "FAIL" }, { text: "NOT OK" }] }],
    ["[PASSED] == [TESTS]", ref("TESTS")],
    ["[RESPONSE_TIME] < [BODY].limit", ref("BODY", ["limit"])],
  ])("%s", (text, right) => {
    expect(parseCondition(text).right).toMatchObject(right);
  });
});

describe("parseCondition: placeholders, paths and functions on the left", () => {
  it.each([
    ["[BODY] == x", ref("BODY", [])],
    ["[BODY].status == ok", ref("BODY", ["status"])],
    ["[BODY].a.b[0].c == 1", ref("BODY", ["a", "b", 0, "c"])],
    ["[BODY][2] == x", ref("BODY", [2])],
    ["[BODY].items[10][3] == x", ref("BODY", ["items", 10, 3])],
    ["[BODY].user-id == 7", ref("BODY", ["user-id"])],
    ["[HEADER].content-type == text/html", ref("HEADER", ["content-type"])],
    ["[HEADER].X-Request-Id != none", ref("HEADER", ["X-Request-Id"])],
    ["[PASS_RATE] == 100", ref("PASS_RATE")],
    ["len([BODY]) > 0", { kind: "len", target: ref("BODY"), text: "len([BODY])" }],
    ["len([BODY].items) == 3", { kind: "len", target: ref("BODY", ["items"]) }],
    ["len( [BODY].items ) == 3", { kind: "len", target: ref("BODY", ["items"]), text: "len( [BODY].items )" }],
    ["has([BODY].errors) == false", { kind: "has", target: ref("BODY", ["errors"]) }],
    ["has([HEADER].etag) == true", { kind: "has", target: ref("HEADER", ["etag"]) }],
  ])("%s", (text, left) => {
    expect(parseCondition(text).left).toMatchObject(left);
  });

  it("keeps the left side as written for evidence", () => {
    expect(parseCondition("[BODY].a.b[0].c == 1").left.text).toBe("[BODY].a.b[0].c");
  });
});

describe("parseCondition: syntax errors", () => {
  it.each<[string, string, string | RegExp]>([
    ["an empty condition", "   ", "the condition is empty"],
    ["a missing operator", "[STATUS] 200", 'expected an operator (== != < <= > >=) after [STATUS], found "200" at column 10'],
    ["a missing operator and right side", "[STATUS]", "expected an operator (== != < <= > >=) after [STATUS], but the condition ends there"],
    ["a single =", "[STATUS] = 200", "use == to compare, not = (after [STATUS]) at column 10"],
    ["an empty left side", "== 200", /^the left side is empty/],
    ["an empty right side", "[STATUS] ==", "the right side is empty: expected a value after [STATUS] =="],
    ["an empty right side with spaces", "[STATUS] <=   ", /right side is empty/],
    ["a literal on the left", "200 == [STATUS]", /left side must be a placeholder such as \[STATUS\].*found "200"/],
    ["a bare word on the left", "STATUS == 200", /left side must be a placeholder/],
    ["an unknown placeholder", "[STATE] == 200", /^unknown placeholder \[STATE\]; known placeholders: \[STATUS\] \[RESPONSE_TIME\] .* \[CRITICAL_FAILED\] at column 1$/],
    ["a lower-case placeholder", "[status] == 200", /unknown placeholder \[status\] \(did you mean \[STATUS\]\?\)/],
    ["an unknown placeholder on the right", "[PASSED] == [ALL]", /unknown placeholder \[ALL\].* at column 13$/],
    ["an unknown function", "size([BODY]) > 1", /^unknown function size\(\); known functions: len\(\) has\(\) pat\(\) any\(\) at column 1$/],
    ["an unknown function on the right", "[BODY] == glob(*x*)", /unknown function glob\(\)/],
    ["len() on the right", "[TESTS] == len([BODY])", /len\(\) belongs on the left side, e.g. len\(\[BODY\]\.items\) > 0/],
    ["has() on the right", "[CONNECTED] == has([BODY].x)", /has\(\) belongs on the left side/],
    ["pat() on the left", "pat(*x*) == [BODY]", /pat\(\) belongs on the right side, e.g. \[BODY\] == pat\(\*healthy\*\)/],
    ["any() on the left", "any(1, 2) == [STATUS]", /any\(\) belongs on the right side/],
    ["an unclosed placeholder", "[STATUS == 200", /^unclosed "\[": a placeholder looks like \[STATUS\] at column 1$/],
    ["an unclosed array index", "[BODY].items[0 == 1", /^unclosed "\[" in a JSON path at column 13$/],
    ["a non-numeric array index", "[BODY].items[x] == 1", /array index must be a whole number, e.g. \[BODY\]\.items\[0\], not \[x\]/],
    ["an empty JSON key", "[BODY]..a == 1", /expected a key after "\." in a JSON path/],
    ["a trailing dot", "[BODY]. == 1", /expected a key after "\."/],
    ["a path on STATUS", "[STATUS].code == 200", /\[STATUS\] takes no path; only \[BODY\] \(JSON path\) and \[HEADER\] \(header name\) do/],
    ["HEADER without a name", "[HEADER] == x", /\[HEADER\] needs a header name, e.g. \[HEADER\]\.content-type/],
    ["an unclosed len(", "len([BODY] > 1", /expected "\)" to close len\(, found ">"/],
    ["len() of a value", "len(abc) > 1", /len\(\) takes a placeholder such as \[BODY\]/],
    ["an unclosed pat(", "[BODY] == pat(*x*", /unclosed "\(" of pat\(/],
    ["an empty pat()", "[BODY] == pat()", /pat\(\) needs a pattern/],
    ["an unclosed any(", "[STATUS] == any(200, 204", /unclosed "\(" of any\(/],
    ["an empty any()", "[STATUS] == any()", /any\(\) needs at least one value/],
    ["a bad any() separator", "[OUTPUT] == any(a b)", /expected "," or "\)" in any\(\), found "b"/],
    ["a stray closing parenthesis", "[STATUS]) == 200", /^unbalanced "\)": nothing opened it at column 9$/],
    ["a stray closing bracket at the end", "[STATUS] == 200]", /unbalanced "\]"/],
    ["a stray closing bracket on the right", "[STATUS] == ]", /unbalanced "\]"/],
    ["an unclosed quote", '[BODY] == "abc', /unclosed quote " at column 11/],
    ["trailing garbage", "[STATUS] == 200 300", /unexpected "300" after 200 \(quote a value that has spaces/],
    ["a second operator", "[STATUS] == 200 == 300", /unexpected "==" after 200 \(a condition has one operator\)/],
    ["an operator inside a bare value", "[BODY] == a=b", /unexpected "=b" after a/],
    ["pat() with an ordering operator", "[BODY] < pat(*x*)", /pat\(\) works with == and != only, not </],
    ["any() with an ordering operator", "[STATUS] >= any(1, 2)", /any\(\) works with == and != only/],
    ["a boolean placeholder ordered", "[CONNECTED] > false", /\[CONNECTED\] is true or false: compare it with == or !=, not >/],
    ["a boolean placeholder against a word", "[CONNECTED] == yes", /\[CONNECTED\] is true or false, so it never equals "yes"/],
    ["has() against a number", "has([BODY].x) == 1", /has\(\[BODY\]\.x\) is true or false/],
    ["a number placeholder against a word", "[STATUS] == OK", /\[STATUS\] is a number, but "OK" is not a number or a duration/],
    ["len() against a word", "len([BODY]) > many", /len\(\[BODY\]\) is a number/],
    ["any() of a word for a number", "[STATUS] == any(200, ok)", /"ok" is not a number/],
    ["ordering against a word", "[BODY] < abc", /< compares numbers and durations; "abc" is neither/],
  ])("rejects %s", (_name, text, message) => {
    const error = syntaxErrorOf(text);
    expect(error.name).toBe("ConditionSyntaxError");
    if (typeof message === "string") expect(error.message).toBe(message);
    else expect(error.message).toMatch(message);
  });

  it("reports the 1-based column of the problem", () => {
    expect(syntaxErrorOf("[STATUS] 200").column).toBe(10);
    expect(syntaxErrorOf("[STATUS] == 200 300").column).toBe(17);
    expect(syntaxErrorOf("   ").column).toBeUndefined();
  });
});
