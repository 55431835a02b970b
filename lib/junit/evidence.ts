import { globMatches } from "../conditions/glob";
import type { CaseStatus } from "./types";

// Test evidence that cannot be flattered (docs/configuration.md "tests"): with a suite's `expected` count,
// the pass rate is passed ÷ expected, so skipped and missing cases count as not passed; critical globs
// name the cases that must pass; and each run's cases are compared with the first run's and the last few.
// Pure: lib/incident reads the cases, this decides.

/** One stored case of one run, as compared across runs. */
export interface CaseOutcome {
  classname: string;
  name: string;
  outcome: CaseStatus;
}

/** What a suite declares about its cases. */
export interface SuiteExpectation {
  expected?: number;
  /** The whole suite is critical: every case counts for CRITICAL_FAILED. */
  critical: boolean;
  /** Classname or name globs of the critical cases. */
  criticalCases: readonly string[];
}

/** How many runs back a flip counts for `flaky`, and how many flips make a case flaky. */
export const FLAKY_RUNS = 5;
export const FLAKY_FLIPS = 2;

/** A case's identity across runs: classname and name (a renamed case is a removed one plus a new one). */
export const caseKey = (test: Pick<CaseOutcome, "classname" | "name">) => `${test.classname}::${test.name}`;

const isCritical = (suite: SuiteExpectation, test: CaseOutcome) =>
  suite.critical || suite.criticalCases.some((glob) => globMatches(glob, test.classname) || globMatches(glob, test.name));

/** Percent floored to 2 decimals, like the JUnit parser's pass rate. */
const percent = (part: number, whole: number) => Math.floor((part / whole) * 10_000) / 100;

/** The suite's test placeholders for one run: PASS_RATE (of expected when declared), MISSING, CRITICAL_FAILED. */
export function suiteNumbers(suite: SuiteExpectation, cases: readonly CaseOutcome[]) {
  const passed = cases.filter((test) => test.outcome === "passed").length;
  const failed = cases.filter((test) => test.outcome === "failed").length;
  const skipped = cases.filter((test) => test.outcome === "skipped").length;
  const ran = passed + failed;
  const expected = suite.expected;
  const base = expected !== undefined && expected > 0 ? expected : ran;
  return {
    TESTS: cases.length,
    PASSED: passed,
    FAILED: failed,
    SKIPPED: skipped,
    PASS_RATE: base > 0 ? percent(passed, base) : null,
    MISSING: expected !== undefined ? Math.max(expected - ran, 0) : 0,
    CRITICAL_FAILED: cases.filter((test) => test.outcome !== "passed" && isCritical(suite, test)).length,
  };
}

/** Per suite, against the first run: cases now passing that did not (fixed), still not passing, newly not passing. */
export interface CaseDiff {
  fixed: string[];
  stillFailing: string[];
  newlyFailing: string[];
  flaky: string[];
}

/**
 * Compares the latest run with the first (skipped counts as not passing; a case absent from the first run
 * that does not pass is newly failing) and finds the cases whose outcome flipped at least FLAKY_FLIPS
 * times over the last FLAKY_RUNS runs. `runs` is oldest first, the first run first.
 */
export function diffCases(runs: readonly (readonly CaseOutcome[])[]): CaseDiff {
  const first = new Map((runs[0] ?? []).map((test) => [caseKey(test), test.outcome === "passed"]));
  const latest = runs.at(-1) ?? [];
  const diff: CaseDiff = { fixed: [], stillFailing: [], newlyFailing: [], flaky: [] };
  for (const test of latest) {
    const key = caseKey(test);
    const passes = test.outcome === "passed";
    const passedBefore = first.get(key);
    if (passes && passedBefore === false) diff.fixed.push(key);
    if (!passes && passedBefore === false) diff.stillFailing.push(key);
    if (!passes && passedBefore !== false) diff.newlyFailing.push(key);
  }
  const recent = runs.slice(-FLAKY_RUNS).map((run) => new Map(run.map((test) => [caseKey(test), test.outcome === "passed"])));
  for (const key of new Set(recent.flatMap((run) => [...run.keys()]))) {
    const seen = recent.map((run) => run.get(key)).filter((passes): passes is boolean => passes !== undefined);
    const flips = seen.slice(1).filter((passes, index) => passes !== seen[index]).length;
    if (flips >= FLAKY_FLIPS) diff.flaky.push(key);
  }
  for (const list of Object.values(diff)) list.sort();
  return diff;
}
