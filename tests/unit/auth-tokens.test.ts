import { describe, expect, it } from "vitest";
import { digestSecret, findToken, MIN_SECRET_LENGTH, parseTokens, secretsEqual } from "@/lib/auth/tokens";

const TEAMS = ["infra", "dev", "leadership"];
const S1 = "s3cret-alpha-0123456789";
const S2 = "s3cret-bravo-0123456789";

describe("parseTokens: valid input", () => {
  it.each([
    ["unset", undefined, []],
    ["empty", "", []],
    ["one team token", `ci:infra:${S1}`, [["ci", "infra"]]],
    ["viewer and team, spaces and a trailing comma", ` alice:dev:${S1} , board:viewer:${S2} ,`, [["alice", "dev"], ["board", "viewer"]]],
    ["a secret with colons", `bob:leadership:${S1}:x:y`, [["bob", "leadership"]]],
  ])("%s", (_label, raw, expected) => {
    const result = parseTokens(raw, TEAMS);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.tokens.map((token) => [token.name, token.role])).toEqual(expected);
  });

  it("keeps only the SHA-256 of the secret", () => {
    const result = parseTokens(`bob:leadership:${S1}:x`, TEAMS);
    if (!result.ok) throw new Error("expected ok");
    expect(result.tokens[0]!.digest.equals(digestSecret(`${S1}:x`))).toBe(true);
    expect(JSON.stringify(result.tokens)).not.toContain(S1);
  });
});

describe("parseTokens: every problem listed, no secret echoed", () => {
  const short = "short-secret";
  it.each([
    ["missing fields", `onlyname-${S1}`, [/entry 1: expected name:role:secret/], [S1]],
    ["two fields", `ci:${S1}`, [/entry 1: expected name:role:secret/], [S1]],
    ["unknown role", `ci:admin:${S1}`, [/entry 1 \("ci"\): unknown role \(expected one of infra, dev, leadership, viewer\)/], [S1, "admin"]],
    ["empty secret", "ci:infra:", [/entry 1 \("ci"\): empty secret/], []],
    ["short secret", `ci:infra:${short}`, [new RegExp(`shorter than ${MIN_SECRET_LENGTH} characters`)], [short]],
    ["secret with a space", "ci:infra:has a space in it 0123456", [/printable ASCII without spaces/], ["has a space"]],
    ["bad name", `bad name!:infra:${S1}`, [/entry 1: name must be/], [S1, "bad name!"]],
    ["duplicate name", `ci:infra:${S1},ci:dev:${S2}`, [/"ci": duplicate token name/], [S1, S2]],
    ["duplicate secret", `ci:infra:${S1},bot:dev:${S1}`, [/"bot": same secret as "ci"/], [S1]],
    [
      "several problems at once",
      `a:nope:${S1},b:infra:${short},,c:dev`,
      [/entry 1 \("a"\): unknown role/, /entry 2 \("b"\): secret is shorter/, /entry 4: expected name:role:secret/],
      [S1, short],
    ],
  ])("%s", (_label, raw, patterns, hidden) => {
    const result = parseTokens(raw, TEAMS);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(patterns.length);
    patterns.forEach((pattern, index) => expect(result.problems[index]).toMatch(pattern));
    for (const secret of hidden) expect(result.problems.join("\n")).not.toContain(secret);
  });
});

describe("secret comparison", () => {
  it.each([
    [S1, S1, true],
    [S1, S2, false],
    ["", S1, false],
    [`${S1}x`, S1, false],
    [S1.slice(0, -1), S1, false],
  ])("secretsEqual(%j, %j) = %s", (presented, expected, equal) => {
    expect(secretsEqual(presented, expected)).toBe(equal);
  });

  it("findToken matches the right entry, or none", () => {
    const result = parseTokens(`ci:infra:${S1},alice:dev:${S2}`, TEAMS);
    if (!result.ok) throw new Error("expected ok");
    expect(findToken(result.tokens, S2)?.name).toBe("alice");
    expect(findToken(result.tokens, S1)?.name).toBe("ci");
    expect(findToken(result.tokens, "nope")).toBeNull();
    expect(findToken([], S1)).toBeNull();
  });
});
