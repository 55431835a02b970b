import "server-only";
import type { DbQuery } from "./adapter";
import { noteIncidentResolution } from "./incidents";
import { firstRow, toIso, type TimeInput } from "./sql";

// Held for the rest of a transaction by whoever decides criteria, incident moves or overdue notes, so
// several instances reconciling at once write each decision (and its timeline entry) once.
const WORKFLOW_LOCK_KEY = 6_845_375_206;

/** Serialises workflow decisions across instances until the caller's transaction ends. */
export async function lockWorkflow(tx: DbQuery): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock(${WORKFLOW_LOCK_KEY})`);
}

/** Incident lifecycle states (docs/architecture.md "Statuses"). */
export type IncidentStateName =
  | "investigating"
  | "remediating"
  | "validating"
  | "ready_for_handback"
  | "handed_back"
  | "resolved";

/** The persisted state of one incident. */
export interface IncidentStateRow {
  incidentId: string;
  state: IncidentStateName;
  updatedAt: string;
  actor: string | null;
  reason: string | null;
}

/** A state to store; updatedAt defaults to the database clock. */
export interface NewIncidentState {
  incidentId: string;
  state: IncidentStateName;
  updatedAt?: TimeInput;
  actor?: string | null;
  reason?: string | null;
}

const COLUMNS = `incident_id AS "incidentId", state, updated_at AS "updatedAt", actor, reason`;

/** Converts a driver row (Date timestamps) to the public row shape. */
function mapState(row: IncidentStateRow): IncidentStateRow {
  return { ...row, updatedAt: toIso(row.updatedAt) };
}

/** Reads an incident's stored state, or null before the first write. */
export async function getIncidentState(db: DbQuery, incidentId: string): Promise<IncidentStateRow | null> {
  const rows = await db.query<IncidentStateRow>(`SELECT ${COLUMNS} FROM incident_state WHERE incident_id = $1`, [
    incidentId,
  ]);
  return rows[0] ? mapState(rows[0]) : null;
}

/** Inserts or replaces an incident's state (actor and reason describe this change only). */
export async function setIncidentState(db: DbQuery, next: NewIncidentState): Promise<IncidentStateRow> {
  const rows = await db.query<IncidentStateRow>(
    `INSERT INTO incident_state (incident_id, state, updated_at, actor, reason)
     VALUES ($1, $2, COALESCE($3::timestamptz, now()), $4, $5)
     ON CONFLICT (incident_id) DO UPDATE
       SET state = EXCLUDED.state, updated_at = EXCLUDED.updated_at, actor = EXCLUDED.actor, reason = EXCLUDED.reason
     RETURNING ${COLUMNS}`,
    [next.incidentId, next.state, next.updatedAt === undefined ? null : toIso(next.updatedAt), next.actor ?? null, next.reason ?? null],
  );
  const row = mapState(firstRow(rows, "setIncidentState"));
  await noteIncidentResolution(db, row.incidentId, row.state === "resolved" ? row.updatedAt : null);
  return row;
}
