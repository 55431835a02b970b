import "server-only";
import type { DbQuery } from "./adapter";
import { firstRow, toIso, type TimeInput } from "./sql";

/** What a sign-off row does to its criterion. */
export type SignoffAction = "sign" | "revoke";

/** One entry of the append-only sign-off log. */
export interface SignoffRow {
  id: number;
  criterionId: string;
  team: string;
  actor: string;
  action: SignoffAction;
  at: string;
  /** What the signer checked (≤ 1000 chars, migration 010); null when none was given. */
  note: string | null;
  /** Where the proof is (an http/https URL ≤ 2000 chars); null when none was given. */
  link: string | null;
}

/** A sign-off or revocation to record; at defaults to the database clock. */
export interface NewSignoff {
  criterionId: string;
  team: string;
  actor: string;
  action: SignoffAction;
  at?: TimeInput;
  note?: string | null;
  link?: string | null;
}

const COLUMNS = `id, criterion_id AS "criterionId", team, actor, action, at, note, link`;

/** Converts a driver row (Date timestamps) to the public row shape. */
function mapSignoff(row: SignoffRow): SignoffRow {
  return { ...row, at: toIso(row.at) };
}

/** Appends a sign or revoke entry and returns it with its id. */
export async function recordSignoff(db: DbQuery, incidentId: string, signoff: NewSignoff): Promise<SignoffRow> {
  const rows = await db.query<SignoffRow>(
    `INSERT INTO signoffs (criterion_id, team, actor, action, at, note, link, incident_id)
     VALUES ($1, $2, $3, $4, COALESCE($5::timestamptz, now()), $6, $7, $8::text)
     RETURNING ${COLUMNS}`,
    [signoff.criterionId, signoff.team, signoff.actor, signoff.action, signoff.at === undefined ? null : toIso(signoff.at), signoff.note ?? null, signoff.link ?? null, incidentId],
  );
  return mapSignoff(firstRow(rows, "recordSignoff"));
}

/** Returns the latest entry per criterion (a criterion is signed when its entry's action is "sign"). */
export async function currentSignoffs(db: DbQuery, incidentId: string): Promise<SignoffRow[]> {
  const rows = await db.query<SignoffRow>(
    `SELECT DISTINCT ON (criterion_id) ${COLUMNS} FROM signoffs WHERE incident_id = $1::text ORDER BY criterion_id, id DESC`,
    [incidentId],
  );
  return rows.map(mapSignoff);
}

