import "server-only";
import type { DbQuery } from "./adapter";
import { firstRow, toIso, toJsonParam, type TimeInput } from "./sql";

/** Criterion states (docs/architecture.md "Statuses"). */
export type CriterionStateName = "met" | "unmet" | "unknown";

/** The latest evaluated state of one criterion; changedAt is when the state last changed. */
export interface CriterionStateRow {
  criterionId: string;
  state: CriterionStateName;
  changedAt: string;
  evidence: unknown;
}

/** An evaluation to store; changedAt defaults to the database clock. */
export interface NewCriterionState {
  criterionId: string;
  state: CriterionStateName;
  evidence?: unknown;
  changedAt?: TimeInput;
}

const COLUMNS = `criterion_id AS "criterionId", state, changed_at AS "changedAt", evidence`;

/** Converts a driver row (Date timestamps) to the public row shape. */
function mapCriterion(row: CriterionStateRow): CriterionStateRow {
  return { ...row, changedAt: toIso(row.changedAt) };
}

/** Returns every stored criterion state, ordered by criterion id. */
export async function getCriterionStates(db: DbQuery, incidentId: string): Promise<CriterionStateRow[]> {
  const rows = await db.query<CriterionStateRow>(`SELECT ${COLUMNS} FROM criterion_states WHERE incident_id = $1::text ORDER BY criterion_id`, [incidentId]);
  return rows.map(mapCriterion);
}

/**
 * Stores an evaluation. Evidence is always replaced; changedAt moves only when the state differs from the
 * stored one, so re-evaluating an unchanged criterion keeps "met since …" accurate.
 */
export async function upsertCriterionState(db: DbQuery, incidentId: string, next: NewCriterionState): Promise<CriterionStateRow> {
  const rows = await db.query<CriterionStateRow>(
    `INSERT INTO criterion_states (criterion_id, state, changed_at, evidence, incident_id)
     VALUES ($1, $2, COALESCE($3::timestamptz, now()), $4::jsonb, $5::text)
     ON CONFLICT (incident_id, criterion_id) DO UPDATE
       SET evidence = EXCLUDED.evidence,
           changed_at = CASE WHEN criterion_states.state = EXCLUDED.state
                             THEN criterion_states.changed_at ELSE EXCLUDED.changed_at END,
           state = EXCLUDED.state
     RETURNING ${COLUMNS}`,
    [next.criterionId, next.state, next.changedAt === undefined ? null : toIso(next.changedAt), toJsonParam(next.evidence), incidentId],
  );
  return mapCriterion(firstRow(rows, "upsertCriterionState"));
}
