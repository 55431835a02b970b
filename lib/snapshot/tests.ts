import type { IncidentConfig } from "../config";
import type { TestCaseRow, TestRunRow } from "../db";
import { diffCases, FLAKY_RUNS } from "../junit/evidence";
import type { SuiteView, TestsTotal } from "../types";

// The snapshot's `tests` (docs/api.md): each suite's latest run, its expected count, the case diff against
// its first run; and the total across suites, "12 of 28 → 28 of 28". Pure, like lib/snapshot/build.ts.

/** Per suite: its runs with stored cases, the first one first, then the last FLAKY_RUNS (lib/db/test-cases.ts). */
export type SuiteCaseHistory = Record<string, Array<[number, TestCaseRow[]]>>;

/** How many runs of case history the snapshot reads per suite (the first run comes besides). */
export const CASE_HISTORY_RUNS = FLAKY_RUNS;

const passedIn = (cases: readonly TestCaseRow[]) => cases.filter((test) => test.outcome === "passed").length;

export function viewTests(config: IncidentConfig, runs: readonly TestRunRow[], history: SuiteCaseHistory = {}): { suites: SuiteView[]; total: TestsTotal } {
  const suites = config.tests.suites.map((suite): SuiteView => {
    const run = runs.find((row) => row.suiteId === suite.id);
    const latest = run
      ? { tests: run.tests, passed: run.passed, failed: run.failed, skipped: run.skipped, passRate: run.passRate, receivedAt: run.receivedAt }
      : null;
    const caseRuns = (history[suite.id] ?? []).map(([, cases]) => cases);
    const first = caseRuns[0];
    return {
      id: suite.id,
      name: suite.name,
      critical: suite.critical,
      latest,
      expected: suite.expected ?? null,
      firstPassed: first ? passedIn(first) : null,
      cases: caseRuns.length > 0 ? diffCases(caseRuns) : null,
    };
  });
  // The total is over the suites that declare `expected` (the seeds' 28 is unit + integration + e2e; a
  // validation script beside them is judged on its own); with none declared, over every suite reported.
  const counted = suites.some((suite) => suite.expected !== null) ? suites.filter((suite) => suite.expected !== null) : suites;
  const total: TestsTotal = {
    passed: counted.reduce((sum, suite) => sum + (suite.latest?.passed ?? 0), 0),
    expected: counted.reduce((sum, suite) => sum + (suite.expected ?? suite.latest?.tests ?? 0), 0),
    firstPassed: counted.reduce((sum, suite) => sum + (suite.firstPassed ?? 0), 0),
  };
  return { suites, total };
}
