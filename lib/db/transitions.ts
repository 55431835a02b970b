import "server-only";
import type { DbQuery } from "./adapter";
import type { ComponentStatus, TransitionView } from "../types";
import { firstRow, toIso, type TimeInput } from "./sql";

/** A component status change; kept forever, unlike raw results. */
export interface TransitionRow extends TransitionView {
  resultId: number | null;
}

/** A transition to record; at defaults to the database clock, location to "default". */
export interface NewTransition {
  componentId: string;
  location?: string;
  fromStatus: ComponentStatus | null;
  toStatus: ComponentStatus;
  at?: TimeInput;
  resultId?: number | null;
  reason?: string | null;
}

const COLUMNS = `id, component_id AS "componentId", location, from_status AS "fromStatus", to_status AS "toStatus",
  at, result_id AS "resultId", reason`;

/** Converts a driver row (Date timestamps) to the public row shape. */
function mapTransition(row: TransitionRow): TransitionRow {
  return { ...row, at: toIso(row.at) };
}

/** Records one transition and returns it with its id. */
export async function insertTransition(db: DbQuery, incidentId: string, transition: NewTransition): Promise<TransitionRow> {
  const rows = await db.query<TransitionRow>(
    `INSERT INTO component_transitions (component_id, location, from_status, to_status, at, result_id, reason, incident_id)
     VALUES ($1, $2, $3, $4, COALESCE($5::timestamptz, now()), $6, $7, $8::text)
     RETURNING ${COLUMNS}`,
    [
      transition.componentId,
      transition.location ?? "default",
      transition.fromStatus,
      transition.toStatus,
      transition.at === undefined ? null : toIso(transition.at),
      transition.resultId ?? null,
      transition.reason ?? null,
      incidentId,
    ],
  );
  return mapTransition(firstRow(rows, "insertTransition"));
}

/** Lists transitions newest first, of one component or of all. */
export async function listTransitions(db: DbQuery, incidentId: string, componentId?: string, limit = 200): Promise<TransitionRow[]> {
  const rows = await db.query<TransitionRow>(
    `SELECT ${COLUMNS} FROM component_transitions
     WHERE incident_id = $3::text AND ($1::text IS NULL OR component_id = $1::text)
     ORDER BY at DESC, id DESC
     LIMIT $2`,
    [componentId ?? null, limit, incidentId],
  );
  return rows.map(mapTransition);
}

/** Every transition of some components, oldest first (what the archive replays for ARR at risk). */
export async function listTransitionsOf(db: DbQuery, incidentId: string, componentIds: readonly string[]): Promise<TransitionRow[]> {
  if (componentIds.length === 0) return [];
  const rows = await db.query<TransitionRow>(
    `SELECT ${COLUMNS} FROM component_transitions WHERE incident_id = $1::text AND component_id = ANY($2::text[]) ORDER BY at, id`,
    [incidentId, [...componentIds]],
  );
  return rows.map(mapTransition);
}
