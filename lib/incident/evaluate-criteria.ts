import "server-only";
import type { IncidentConfig } from "../config";
import { currentSignoffs, latestTestRuns, listResults, listTestCases, type DbQuery, type ProbeResultRow, type TestCaseRow, type TestRunRow } from "../db";
import { evaluateComponentsCriterion, evaluateSignoffCriterion, evaluateSuiteCriterion, type CriterionEvaluation } from "./criteria";

/** The largest window any criterion reads of each component. */
function windowsByComponent(config: IncidentConfig): Map<string, number> {
  const windows = new Map<string, number>();
  for (const criterion of config.criteria) {
    if (criterion.kind !== "components") continue;
    for (const id of criterion.auto.components) windows.set(id, Math.max(windows.get(id) ?? 0, criterion.auto.window));
  }
  return windows;
}

/**
 * The components whose results some criterion reads: only their checks can change an evaluation (time
 * alone is the workflow's timer), so the others ask for none (at 500 components and 3 read, a reconcile
 * after every check was most of the work besides the probe itself).
 */
export function componentsCriteriaRead(config: IncidentConfig): ReadonlySet<string> {
  return new Set(windowsByComponent(config).keys());
}

/** The stored cases of the latest run of each suite a criterion judges (expected, critical globs). */
async function casesOfSuiteRuns(db: DbQuery, config: IncidentConfig, runs: TestRunRow[]): Promise<Map<number, TestCaseRow[]>> {
  const judged = new Set(config.criteria.flatMap((criterion) => (criterion.kind === "suite" ? [criterion.auto.suite] : [])));
  const wanted = runs.filter((run) => judged.has(run.suiteId));
  const lists = await Promise.all(wanted.map((run) => listTestCases(db, config.incident.id, run.id)));
  return new Map(wanted.map((run, index) => [run.id, lists[index] ?? []]));
}

/** Reads the evidence every criterion needs and evaluates them all. */
export async function evaluateAllCriteria(db: DbQuery, config: IncidentConfig, now: Date): Promise<Map<string, CriterionEvaluation>> {
  const windows = windowsByComponent(config);
  const [runs, signoffs, ...resultLists] = await Promise.all([
    latestTestRuns(db, config.incident.id),
    currentSignoffs(db, config.incident.id),
    ...[...windows].map(([id, limit]) => listResults(db, config.incident.id, id, { limit })),
  ]);
  const casesByRun = await casesOfSuiteRuns(db, config, runs);
  const resultsById = new Map<string, ProbeResultRow[]>([...windows.keys()].map((id, index) => [id, resultLists[index] ?? []]));
  const evaluations = new Map<string, CriterionEvaluation>();
  for (const criterion of config.criteria) {
    if (criterion.kind === "components") {
      evaluations.set(criterion.id, evaluateComponentsCriterion(criterion, config.components, resultsById, now));
    } else if (criterion.kind === "suite") {
      const run = runs.find((candidate) => candidate.suiteId === criterion.auto.suite) ?? null;
      const suite = config.tests.suites.find((candidate) => candidate.id === criterion.auto.suite);
      evaluations.set(criterion.id, evaluateSuiteCriterion(criterion, run, suite, run ? casesByRun.get(run.id) : []));
    } else {
      evaluations.set(criterion.id, evaluateSignoffCriterion(criterion, signoffs.find((row) => row.criterionId === criterion.id) ?? null));
    }
  }
  return evaluations;
}
