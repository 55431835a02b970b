import "server-only";
import type { DbQuery } from "./adapter";
import { buildValuesList, chunk, firstRow, toIso } from "./sql";

// Storage of handback records (migration 013). The record itself is built and hashed by lib/handback/record.ts;
// here it is a row: the hashed canonical body text, its hash and its predecessor's.

/** What a record is: the dev team confirmed the handback, or rejected it. */
export type HandbackAction = "confirm" | "reject";

/** One stored record as written; body is the exact text that was hashed. */
export interface HandbackRecordRow {
  id: number;
  incidentId: string;
  action: HandbackAction;
  at: string;
  actor: string;
  body: string;
  hash: string;
  previousHash: string | null;
}

/** A record to store, with the raw result ids retention must keep for it. */
export interface NewHandbackRecord extends Omit<HandbackRecordRow, "id" | "incidentId"> {
  resultIds: readonly number[];
}

const COLUMNS = `id, incident_id AS "incidentId", action, at, actor, body, hash, previous_hash AS "previousHash"`;

function mapRecord(row: HandbackRecordRow): HandbackRecordRow {
  return { ...row, at: toIso(row.at) };
}

/** The newest record's hash of the incident (the next record's previousHash), or null before the first. */
export async function lastRecordHash(db: DbQuery, incidentId: string): Promise<string | null> {
  const rows = await db.query<{ hash: string }>(`SELECT hash FROM handback_records WHERE incident_id = $1::text ORDER BY id DESC LIMIT 1`, [incidentId]);
  return rows[0]?.hash ?? null;
}

/** Stores a record and the result ids it names; a second record on the same predecessor is a CONFLICT. */
export async function insertHandbackRecord(db: DbQuery, incidentId: string, record: NewHandbackRecord): Promise<HandbackRecordRow> {
  const rows = await db.query<HandbackRecordRow>(
    `INSERT INTO handback_records (incident_id, action, at, actor, body, hash, previous_hash)
     VALUES ($1::text, $2::text, $3::timestamptz, $4::text, $5::text, $6::text, $7::text)
     RETURNING ${COLUMNS}`,
    [incidentId, record.action, toIso(record.at), record.actor, record.body, record.hash, record.previousHash],
  );
  const stored = mapRecord(firstRow(rows, "insertHandbackRecord"));
  for (const batch of chunk([...new Set(record.resultIds)])) {
    await db.query(
      `INSERT INTO handback_record_results (incident_id, result_id, record_id) VALUES ${buildValuesList(batch.length, ["text", "int8", "int8"])}`,
      batch.flatMap((resultId) => [incidentId, resultId, stored.id]),
    );
  }
  return stored;
}

/** Every record of the incident, oldest first (the chain order). */
export async function listHandbackRecords(db: DbQuery, incidentId: string): Promise<HandbackRecordRow[]> {
  const rows = await db.query<HandbackRecordRow>(`SELECT ${COLUMNS} FROM handback_records WHERE incident_id = $1::text ORDER BY id`, [incidentId]);
  return rows.map(mapRecord);
}

/** One record by id within the incident, or null. */
export async function getHandbackRecord(db: DbQuery, incidentId: string, id: number): Promise<HandbackRecordRow | null> {
  const rows = await db.query<HandbackRecordRow>(`SELECT ${COLUMNS} FROM handback_records WHERE incident_id = $1::text AND id = $2::int8`, [incidentId, id]);
  return rows[0] ? mapRecord(rows[0]) : null;
}

/** The newest confirm of the incident, or null before the first. */
export async function latestConfirmRecord(db: DbQuery, incidentId: string): Promise<HandbackRecordRow | null> {
  const rows = await db.query<HandbackRecordRow>(
    `SELECT ${COLUMNS} FROM handback_records WHERE incident_id = $1::text AND action = 'confirm' ORDER BY id DESC LIMIT 1`,
    [incidentId],
  );
  return rows[0] ? mapRecord(rows[0]) : null;
}

/** The ids of every incident that has records (what `handback verify` walks). */
export async function listRecordIncidents(db: DbQuery): Promise<string[]> {
  const rows = await db.query<{ incidentId: string }>(`SELECT DISTINCT incident_id AS "incidentId" FROM handback_records ORDER BY 1`);
  return rows.map((row) => row.incidentId);
}
