import { describe, expect, it } from "vitest";
import { evaluateCondition, parseCondition } from "@/lib/conditions";
import { globMatches } from "@/lib/conditions/glob";
import { seededRandom } from "../support/random";

// pat() globs (issue 10, bug 4): the same answers as before, without a backtracking regular expression.

describe("globMatches", () => {
  it.each<[string, string, boolean]>([
    ["*", "", true],
    ["*", "anything at all", true],
    ["", "", true],
    ["", "x", false],
    ["?", "", false],
    ["?", "x", true],
    ["??", "x", false],
    ["P?NG", "PONG", true],
    ["P?G", "PONG", false],
    ["*ON*", "PONG", true],
    ["*on*", "PONG", false],
    ["all*go", "all systems go", true],
    ["all*go", "all systems go!", false],
    ["10.0.0.*", "10.0.0.1,10.0.0.2", true],
    ["10a0.0.1", "10.0.0.1", false],
    ["a*b*c", "abc", true],
    ["a*b*c", "aXbYc", true],
    ["a*b*c", "acb", false],
    ["*a*a*a*a*b", "aaaaaaaaab", true],
    ["*a*a*a*a*b", "aaaaaaaaaa", false],
    ["*ab", "aab", true],
    ["*ab*ab", "xabyabab", true],
    ["**", "x", true],
    ["*?", "", false],
    ["*?", "x", true],
    ["?*?", "x", false],
    ["line*end", "line\nmiddle\nend", true],
    ["[x]+(y)", "[x]+(y)", true],
    ["$^.|\\", "$^.|\\", true],
    ["*a?c*", "abbabc", true],
    ["*a?c*", "abbab", false],
    ["*?b?*", "abc", true],
    ["x*??", "xyz", true],
    ["x*??", "xy", false],
    ["x*??", "x", false],
  ])("pat(%s) against %j is %s", (glob, text, expected) => {
    expect(globMatches(glob, text)).toBe(expected);
  });
});

describe("globMatches agrees with the regular expression it replaces", () => {
  // The former implementation, kept here as the reference for short inputs (where backtracking is harmless).
  const reference = (glob: string, text: string) =>
    new RegExp(`^${[...glob].map((c) => (c === "*" ? "[\\s\\S]*" : c === "?" ? "[\\s\\S]" : c.replace(/[\\^$.*+?()[\]{}|/-]/g, "\\$&"))).join("")}$`).test(text);
  // Seeded, so a failure names a reproducible case.
  const random = seededRandom(0x5eed);
  const pick = (alphabet: string, max: number) => Array.from({ length: Math.floor(random() * (max + 1)) }, () => alphabet[Math.floor(random() * alphabet.length)]).join("");

  it("on 20,000 random globs over a, b, ?, * and texts over a, b, .", () => {
    const disagreements: string[] = [];
    for (let i = 0; i < 20_000; i += 1) {
      const [glob, text] = [pick("ab?*.", 7), pick("ab.", 9)];
      if (globMatches(glob, text) !== reference(glob, text)) disagreements.push(`pat(${glob}) against ${JSON.stringify(text)}`);
    }
    expect(disagreements.slice(0, 5)).toEqual([]);
  });
});

describe("pat() on a 1 MB body", () => {
  const MB = 1024 * 1024;
  const letters = "a".repeat(MB);
  const json = '{"status":"ok"} '.repeat(MB / 16);
  // The only timing assertion the issue asks for: a regular expression took about a minute here.
  it.each<[string, string, boolean]>([
    ["*a*a*a*a*b", letters, false],
    ["*a*b", letters, false],
    ["a*a", letters, true],
    ['*"status":"down"*', json, false],
    ['{"status":"ok"}*', json, true],
    ["*?*?*x", letters, false],
    ["*a*a*a*a*b*", letters, false],
    ["*???*", letters, true],
    ['*"ok"} {"status"*"down"*', json, false],
  ])("[BODY] == pat(%s) answers in under 50 ms", (glob, body, expected) => {
    const condition = parseCondition(`[BODY] == pat('${glob}')`);
    // The best of three runs: the matcher's own cost, not the time another process held the core.
    let fastest = Infinity;
    for (let run = 0; run < 3; run++) {
      const started = performance.now();
      const outcome = evaluateCondition(condition, { BODY: body });
      fastest = Math.min(fastest, performance.now() - started);
      expect(outcome.success).toBe(expected);
    }
    expect(fastest).toBeLessThan(50);
  });

  // Pieces with `?` are checked candidate by candidate: slower, never exponential (and no timing asserted).
  it.each<[string, boolean]>([
    ["*a?b?a*", false],
    ["*a?a?b*", false],
    ["*aaab*", false],
    ["*a?a?a*", true],
  ])("pat(%s) on a megabyte of a answers %s", (glob, expected) => {
    expect(globMatches(glob, letters)).toBe(expected);
  });
});
