import "server-only";
import type { TestRunView } from "../types";
import type { DbQuery } from "./adapter";
import { firstRow, toIso, toJsonParam, type TimeInput } from "./sql";

/** One failing test case as kept with its run (extra fields from the JUnit parser are kept too). */
export interface TestFailure {
  name: string;
  classname?: string;
  message?: string;
  [key: string]: unknown;
}

/** One received test report; passRate is a percent of the tests that ran (null when none ran). */
export interface TestRunRow extends TestRunView {
  errors: number;
  durationMs: number | null;
  failures: TestFailure[];
  source: string | null;
}

/** A run to store; receivedAt defaults to the database clock. */
export interface NewTestRun {
  suiteId: string;
  receivedAt?: TimeInput;
  tests: number;
  passed: number;
  failed: number;
  skipped: number;
  errors?: number;
  passRate: number | null;
  durationMs?: number | null;
  actor?: string | null;
  failures?: readonly TestFailure[];
  source?: string | null;
}

const COLUMNS = `id, suite_id AS "suiteId", received_at AS "receivedAt", tests, passed, failed, skipped, errors,
  pass_rate AS "passRate", duration_ms AS "durationMs", actor, failures, source`;

/** Converts a driver row (Date timestamps) to the public row shape. */
function mapRun(row: TestRunRow): TestRunRow {
  return { ...row, receivedAt: toIso(row.receivedAt) };
}

/** Stores one test run and returns it with its id. */
export async function insertTestRun(db: DbQuery, incidentId: string, run: NewTestRun): Promise<TestRunRow> {
  const rows = await db.query<TestRunRow>(
    `INSERT INTO test_runs (suite_id, received_at, tests, passed, failed, skipped, errors, pass_rate, duration_ms,
       actor, failures, source, incident_id)
     VALUES ($1, COALESCE($2::timestamptz, now()), $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb, $12, $13::text)
     RETURNING ${COLUMNS}`,
    [
      run.suiteId,
      run.receivedAt === undefined ? null : toIso(run.receivedAt),
      run.tests,
      run.passed,
      run.failed,
      run.skipped,
      run.errors ?? 0,
      run.passRate,
      run.durationMs ?? null,
      run.actor ?? null,
      toJsonParam(run.failures ?? []),
      run.source ?? null,
      incidentId,
    ],
  );
  return mapRun(firstRow(rows, "insertTestRun"));
}

/** Lists a suite's runs newest first (the history behind GET /api/test-runs?suite=ID). */
export async function listTestRuns(db: DbQuery, incidentId: string, suiteId: string, limit = 50): Promise<TestRunRow[]> {
  const rows = await db.query<TestRunRow>(
    `SELECT ${COLUMNS} FROM test_runs WHERE incident_id = $3::text AND suite_id = $1 ORDER BY id DESC LIMIT $2`,
    [suiteId, limit, incidentId],
  );
  return rows.map(mapRun);
}

/** Returns the latest run of every suite, ordered by suite id. */
export async function latestTestRuns(db: DbQuery, incidentId: string): Promise<TestRunRow[]> {
  const rows = await db.query<TestRunRow>(
    `SELECT DISTINCT ON (suite_id) ${COLUMNS} FROM test_runs WHERE incident_id = $1::text ORDER BY suite_id, id DESC`,
    [incidentId],
  );
  return rows.map(mapRun);
}

/** Every run of the incident, oldest first (the report's first-vs-last per suite). */
export async function listIncidentTestRuns(db: DbQuery, incidentId: string): Promise<TestRunRow[]> {
  const rows = await db.query<TestRunRow>(`SELECT ${COLUMNS} FROM test_runs WHERE incident_id = $1::text ORDER BY id`, [incidentId]);
  return rows.map(mapRun);
}
