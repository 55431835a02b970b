import type { ComponentConfig, CriterionConfig } from "../config";
import { compileConditions, evaluateAll, formatOutcome } from "../conditions";
import type { ProbeResultRow, SignoffRow, TestRunRow } from "../db";
import type { Observations } from "../conditions/types";
import { suiteNumbers, type CaseOutcome, type SuiteExpectation } from "../junit/evidence";
import type { CriterionState } from "../types";
import { isStale } from "../snapshot/build";

// Criteria are decided by evidence only. Each evaluation returns the state and the evidence that decided
// it: which results or run were read, the observed values, and the condition that failed.

type ComponentsCriterion = Extract<CriterionConfig, { kind: "components" }>;
type SuiteCriterion = Extract<CriterionConfig, { kind: "suite" }>;
type SignoffCriterion = Extract<CriterionConfig, { kind: "signoff" }>;

/** A criterion's state with the evidence behind it (stored, shown on /handback). */
export interface CriterionEvaluation {
  state: CriterionState;
  evidence: Record<string, unknown> & { summary: string };
}

function judgeWindow(criterion: ComponentsCriterion, component: ComponentConfig, rows: ProbeResultRow[], now: Date) {
  const window = rows.slice(0, criterion.auto.window);
  const conditions = compileConditions(criterion.auto.conditions);
  const judged = window.map((row) => ({ row, ...evaluateAll(conditions, row.observations as Observations) }));
  const failing = judged.find((entry) => !entry.success);
  return {
    componentId: component.id,
    results: judged.map(({ row, success }) => ({ resultId: row.id, checkedAt: row.checkedAt, success })),
    failing: failing
      ? { resultId: failing.row.id, checkedAt: failing.row.checkedAt, failed: failing.outcomes.filter((o) => !o.success).map(formatOutcome) }
      : null,
    short: window.length < criterion.auto.window,
    stale: window[0] ? isStale(component, window[0].checkedAt, now) : false,
  };
}

/** Met when the last `window` results of every listed component satisfy the conditions; fewer: unknown. */
export function evaluateComponentsCriterion(
  criterion: ComponentsCriterion,
  components: ComponentConfig[],
  resultsById: Map<string, ProbeResultRow[]>,
  now: Date,
): CriterionEvaluation {
  const listed = components.filter((component) => criterion.auto.components.includes(component.id));
  const windows = listed.map((component) => judgeWindow(criterion, component, resultsById.get(component.id) ?? [], now));
  const base = { kind: "components", window: criterion.auto.window, conditions: criterion.auto.conditions, components: windows };
  const failing = windows.find((entry) => entry.failing);
  if (failing?.failing) {
    const summary = `${failing.componentId}: ${failing.failing.failed.join("; ")} (result ${failing.failing.resultId})`;
    return { state: "unmet", evidence: { ...base, summary } };
  }
  const short = windows.filter((entry) => entry.short);
  if (short.length > 0) {
    const summary = `fewer than ${criterion.auto.window} results for ${short.map((entry) => entry.componentId).join(", ")}`;
    return { state: "unknown", evidence: { ...base, summary } };
  }
  const stale = windows.filter((entry) => entry.stale);
  if (stale.length > 0) return { state: "unknown", evidence: { ...base, summary: `stale results for ${stale.map((entry) => entry.componentId).join(", ")}` } };
  return { state: "met", evidence: { ...base, summary: `last ${criterion.auto.window} results of ${listed.map((c) => c.id).join(", ")} all pass` } };
}

/**
 * The test placeholders of a run (lib/junit/evidence.ts): from its stored cases when it has them, else from its
 * counts (a run stored before migration 017). With the suite's `expected`, PASS_RATE is passed ÷ expected.
 */
function testObservations(run: TestRunRow, suite: SuiteExpectation, cases: readonly CaseOutcome[]): Observations {
  if (cases.length > 0) return suiteNumbers(suite, cases);
  const ran = run.tests - run.skipped;
  const rate = suite.expected ? Math.floor((run.passed / suite.expected) * 10_000) / 100 : run.passRate;
  const missing = suite.expected !== undefined ? Math.max(suite.expected - ran, 0) : 0;
  const critical = suite.critical ? run.failed + run.skipped : 0;
  return { PASS_RATE: rate, TESTS: run.tests, PASSED: run.passed, FAILED: run.failed, SKIPPED: run.skipped, MISSING: missing, CRITICAL_FAILED: critical };
}

/** Judged on the latest run of the suite; no run, or a run where nothing ran (and nothing is expected), is unknown. */
export function evaluateSuiteCriterion(
  criterion: SuiteCriterion,
  latest: TestRunRow | null,
  suite: SuiteExpectation = { critical: false, criticalCases: [] },
  cases: readonly CaseOutcome[] = [],
): CriterionEvaluation {
  const base = { kind: "suite", suite: criterion.auto.suite, conditions: criterion.auto.conditions };
  if (!latest) return { state: "unknown", evidence: { ...base, testRunId: null, summary: `no ${criterion.auto.suite} run reported yet` } };
  const values = testObservations(latest, suite, cases);
  const context = { ...base, testRunId: latest.id, receivedAt: latest.receivedAt, values };
  if (values.PASS_RATE === null) return { state: "unknown", evidence: { ...context, summary: `run ${latest.id} ran no tests` } };
  const { success, outcomes } = evaluateAll(compileConditions(criterion.auto.conditions), values);
  const failed = outcomes.filter((outcome) => !outcome.success).map(formatOutcome);
  const of = suite.expected !== undefined ? `${values.PASSED} of ${suite.expected} expected` : `${latest.passed}/${latest.tests - latest.skipped}`;
  const summary = success ? `run ${latest.id}: ${of} passed (${values.PASS_RATE}%)` : `run ${latest.id}: ${failed.join("; ")}`;
  return { state: success ? "met" : "unmet", evidence: { ...context, failed, summary } };
}

/** Met while the latest sign-off entry for the criterion is a signature by its owner team. */
export function evaluateSignoffCriterion(criterion: SignoffCriterion, latest: SignoffRow | null): CriterionEvaluation {
  const signed = latest?.action === "sign" && latest.team === criterion.owner;
  const who = latest ? `${latest.action === "sign" ? "signed" : "revoked"} by ${latest.actor} (${latest.team}) at ${latest.at}` : "not signed";
  return {
    state: signed ? "met" : "unmet",
    evidence: { kind: "signoff", owner: criterion.owner, signoff: latest, summary: who },
  };
}
