import type { NewTestRun } from "@/lib/db/test-runs";
import type { JUnitReport } from "./types";

/** The fields of a stored run that come from the report (the route adds suiteId, actor and source). */
export type TestRunFields = Required<
  Pick<NewTestRun, "tests" | "passed" | "failed" | "skipped" | "errors" | "passRate" | "durationMs" | "failures">
>;

/** Maps a parsed report onto `insertTestRun`'s input: `errors` is the errored-case count, a subset of `failed`. */
export function toTestRunFields(report: JUnitReport): TestRunFields {
  return {
    tests: report.tests,
    passed: report.passed,
    failed: report.failed,
    skipped: report.skipped,
    errors: report.errored,
    passRate: report.passRate,
    durationMs: report.durationMs,
    failures: report.failures,
  };
}

/** The `201` body of `POST /api/test-runs` (docs/api.md): {suite, tests, passed, failed, skipped, passRate}. */
export function toCreatedBody(suite: string, report: JUnitReport) {
  const { tests, passed, failed, skipped, passRate } = report;
  return { suite, tests, passed, failed, skipped, passRate };
}
