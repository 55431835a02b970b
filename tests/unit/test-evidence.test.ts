import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { diffCases, suiteNumbers, type CaseOutcome } from "@/lib/junit/evidence";
import { parseJUnit } from "@/lib/junit/parse";

/** A fixture's cases as stored: classname (empty when absent), name, outcome. */
const fixtureCases = (name: string): CaseOutcome[] =>
  parseJUnit(readFileSync(`tests/fixtures/junit/${name}.xml`, "utf8")).cases.map((c) => ({ classname: c.classname ?? "", name: c.name, outcome: c.status }));

const test = (name: string, outcome: CaseOutcome["outcome"], classname = "tests.integration"): CaseOutcome => ({ classname, name, outcome });

describe("suiteNumbers: passed ÷ expected, skipped and missing count as not passed", () => {
  it.each([
    // label, expected, cases, PASS_RATE, MISSING
    ["1 passed and 10 skipped of 11 is not 100%", 11, [test("a", "passed"), ...Array.from({ length: 10 }, (_, i) => test(`s${i}`, "skipped"))], 9.09, 10],
    ["all 5 ran and passed", 5, Array.from({ length: 5 }, (_, i) => test(`p${i}`, "passed")), 100, 0],
    ["3 of 5 reported, all passed: 60%, 2 missing", 5, [test("a", "passed"), test("b", "passed"), test("c", "passed")], 60, 2],
    ["no expected: the rate of those that ran", undefined, [test("a", "passed"), test("b", "failed"), test("c", "skipped")], 50, 0],
    ["more ran than expected: never a negative MISSING", 1, [test("a", "passed"), test("b", "passed")], 200, 0],
    ["nothing ran, nothing expected: no rate", undefined, [test("a", "skipped")], null, 0],
  ] as const)("%s", (_label, expected, cases, rate, missing) => {
    const numbers = suiteNumbers({ expected, critical: false, criticalCases: [] }, cases);
    expect(numbers.PASS_RATE).toBe(rate);
    expect(numbers.MISSING).toBe(missing);
  });

  it("CRITICAL_FAILED counts failed or skipped cases a glob names (classname or name), or every case of a critical suite", () => {
    const cases = [test("login works", "failed", "auth.Login"), test("logout", "skipped", "auth.Logout"), test("chat", "failed", "chat.Send"), test("ok", "passed", "auth.Token")];
    expect(suiteNumbers({ critical: false, criticalCases: ["auth.*"] }, cases).CRITICAL_FAILED).toBe(2);
    expect(suiteNumbers({ critical: false, criticalCases: ["chat"] }, cases).CRITICAL_FAILED).toBe(1);
    expect(suiteNumbers({ critical: false, criticalCases: [] }, cases).CRITICAL_FAILED).toBe(0);
    expect(suiteNumbers({ critical: true, criticalCases: [] }, cases).CRITICAL_FAILED).toBe(3);
  });
});

describe("diffCases: fixed, still failing, newly failing against the first run; flaky over the last 5", () => {
  // The JUnit fixture set (tests/fixtures/junit/evidence-*.xml) holds the same story as files.
  const first = [test("login", "failed"), test("chat", "failed"), test("health", "passed"), test("old name", "failed"), test("removed", "failed")];
  const latest = [test("login", "passed"), test("chat", "skipped"), test("health", "failed"), test("new name", "passed"), test("added", "failed")];

  it("a renamed case is a removed one plus a new one; a removed case leaves the lists; an added failing case is new", () => {
    expect(diffCases([first, latest])).toEqual({
      fixed: ["tests.integration::login"],
      stillFailing: ["tests.integration::chat"],
      newlyFailing: ["tests.integration::added", "tests.integration::health"],
      flaky: [],
    });
  });

  it("the JUnit fixture set tells the same story", () => {
    expect(diffCases([fixtureCases("evidence-first"), fixtureCases("evidence-latest")])).toEqual(diffCases([first, latest]));
    expect(suiteNumbers({ expected: 5, critical: false, criticalCases: ["login", "chat"] }, fixtureCases("evidence-latest"))).toMatchObject({ PASS_RATE: 40, MISSING: 1, CRITICAL_FAILED: 1 });
  });

  it("flaky: flipped at least twice in the last 5 runs; older flips do not count", () => {
    const run = (outcome: CaseOutcome["outcome"]) => [test("wobbly", outcome), test("steady", "passed")];
    expect(diffCases([run("passed"), run("failed"), run("passed")]).flaky).toEqual(["tests.integration::wobbly"]);
    expect(diffCases([run("passed"), run("failed")]).flaky).toEqual([]);
    // flips in runs 1-3, then five steady runs: outside the window
    expect(diffCases([run("passed"), run("failed"), run("passed"), ...Array.from({ length: 5 }, () => run("passed"))]).flaky).toEqual([]);
  });

  it("a single run: everything not passing is newly failing, nothing is fixed", () => {
    expect(diffCases([first])).toMatchObject({ fixed: [], stillFailing: ["tests.integration::chat", "tests.integration::login", "tests.integration::old name", "tests.integration::removed"], newlyFailing: [] });
  });
});
