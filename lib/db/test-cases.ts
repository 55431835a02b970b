import "server-only";
import type { CaseStatus, TestCase } from "../junit/types";
import type { DbQuery } from "./adapter";
import { buildValuesList, chunk } from "./sql";

// Every case of every test run (migration 017): the evidence behind [PASS_RATE] of `expected`,
// [CRITICAL_FAILED] and the per-suite case diff (lib/junit/evidence.ts).

/** One stored case, as GET /api/test-runs/{id}/cases answers it. */
export interface TestCaseRow {
  classname: string;
  name: string;
  outcome: CaseStatus;
  errored: boolean;
  flaky: boolean;
  durationMs: number | null;
}

const CASTS = ["text", "int8", "text", "text", "text", "text", "boolean", "boolean", "float8"];
const COLUMNS = `classname, name, outcome, errored, flaky, duration_ms AS "durationMs"`;

/** Stores the cases of one run (with the run, in its transaction). */
export async function insertTestCases(db: DbQuery, incidentId: string, runId: number, suiteId: string, cases: readonly TestCase[]): Promise<void> {
  for (const batch of chunk(cases)) {
    await db.query(
      `INSERT INTO test_cases (incident_id, test_run_id, suite_id, classname, name, outcome, errored, flaky, duration_ms)
       VALUES ${buildValuesList(batch.length, CASTS)}`,
      batch.flatMap((test) => [incidentId, runId, suiteId, test.classname ?? "", test.name, test.status, test.errored, test.flaky, test.durationMs]),
    );
  }
}

/** The cases of one run in report order; [] for a run stored before migration 017 or of another incident. */
export async function listTestCases(db: DbQuery, incidentId: string, runId: number): Promise<TestCaseRow[]> {
  return db.query<TestCaseRow>(`SELECT ${COLUMNS} FROM test_cases WHERE incident_id = $1 AND test_run_id = $2 ORDER BY id`, [incidentId, runId]);
}

/** A suite's runs that have cases, as [runId, cases]: the first run, then the last `recent`, oldest first. */
export async function suiteCaseHistory(db: DbQuery, incidentId: string, suiteId: string, recent: number): Promise<Array<[number, TestCaseRow[]]>> {
  const runs = await db.query<{ id: number }>(
    `(SELECT DISTINCT test_run_id AS id FROM test_cases WHERE incident_id = $1 AND suite_id = $2 ORDER BY 1 LIMIT 1)
     UNION
     (SELECT DISTINCT test_run_id AS id FROM test_cases WHERE incident_id = $1 AND suite_id = $2 ORDER BY 1 DESC LIMIT $3)
     ORDER BY id`,
    [incidentId, suiteId, recent],
  );
  const ids = runs.map((run) => Number(run.id));
  if (ids.length === 0) return [];
  const rows = await db.query<TestCaseRow & { runId: number }>(
    `SELECT test_run_id AS "runId", ${COLUMNS} FROM test_cases WHERE incident_id = $1 AND test_run_id = ANY($2::int8[]) ORDER BY id`,
    [incidentId, ids],
  );
  return ids.map((id) => [id, rows.filter((row) => Number(row.runId) === id)]);
}
