/** Who wrote a report, when recognisable; only informative (stored as the run's source). */
export type JUnitProducer = "pytest" | "jest-junit" | "surefire" | "playwright" | "ant";

/** Outcome of one <testcase>: failed (any <failure>/<error>) beats skipped beats passed. */
export type CaseStatus = "passed" | "failed" | "skipped";

/** One <testcase>, normalised. */
export interface TestCase {
  name: string;
  classname?: string;
  suite?: string;
  status: CaseStatus;
  /** At least one <error> (the case is also counted as failed). */
  errored: boolean;
  /** Passed after Surefire reruns (<flakyFailure>, <flakyError>, <rerunFailure>, <rerunError>). */
  flaky: boolean;
  durationMs: number | null;
}

/** One failing case, or one flaky pass; a `type` alias so it fits lib/db's TestFailure index signature. */
export type JUnitFailure = {
  name: string;
  classname?: string;
  suite?: string;
  message?: string;
  type?: string;
  kind: "failure" | "error";
  flaky?: boolean;
};

/** A report in one shape whatever produced it; every count is recomputed from the <testcase> elements. */
export interface JUnitReport {
  name?: string;
  producer?: JUnitProducer;
  tests: number;
  passed: number;
  /** Cases with at least one <failure> or <error>; a case counts once however many it has. */
  failed: number;
  /** Cases with at least one <error>: a subset of `failed`, stored as the run's `errors`. */
  errored: number;
  skipped: number;
  /** Passed cases that needed reruns (already counted in `passed`). */
  flaky: number;
  /** Percent of the tests that ran (skipped excluded), floored to 2 decimals; null when none ran. */
  passRate: number | null;
  durationMs: number | null;
  cases: TestCase[];
  /** Failing cases first in document order, then flaky passes, at most MAX_REPORTED_FAILURES. */
  failures: JUnitFailure[];
  /** How many entries were left out of `failures` by the cap. */
  failuresOmitted: number;
}
