import "server-only";
import { getIncident, getHandbackRecord, latestConfirmRecord, listHandbackRecords, resultsByIds, type DbQuery, type HandbackRecordRow } from "../db";
import { AppError } from "../errors";
import { recordOf, type HandbackRecord } from "./record";

// Reading records for the API and the pages: a row whose body does not parse is a tampered row, reported
// as an error with a code rather than served half-read (`handback verify` names it).

function served(row: HandbackRecordRow): HandbackRecord {
  const record = recordOf(row);
  if (!record) throw new AppError("CONFLICT", `handback record ${row.id} does not parse: run \`handback verify\``);
  return record;
}

/** The incident to read: the live one, or `?incident=ID` when the store knows it (else 404). */
export async function chooseIncident(db: DbQuery, live: string, requested: string | undefined): Promise<string> {
  if (requested === undefined || requested === live) return live;
  if (!(await getIncident(db, requested))) throw new AppError("NOT_FOUND", `no incident with id "${requested}"`);
  return requested;
}

/** The newest confirm's record, or 404 before the first confirm. */
export async function readLatestConfirm(db: DbQuery, incidentId: string): Promise<HandbackRecord> {
  const row = await latestConfirmRecord(db, incidentId);
  if (!row) throw new AppError("NOT_FOUND", `incident "${incidentId}" has no confirmed handback yet`);
  return served(row);
}

/** Every record of the incident, oldest first. */
export async function readRecords(db: DbQuery, incidentId: string): Promise<HandbackRecord[]> {
  return (await listHandbackRecords(db, incidentId)).map(served);
}

/** One record with the exact probe results it names (the permalink). */
export async function readRecordWithEvidence(db: DbQuery, incidentId: string, id: number) {
  const row = await getHandbackRecord(db, incidentId, id);
  if (!row) throw new AppError("NOT_FOUND", `no handback record ${id} in incident "${incidentId}"`);
  const record = served(row);
  const ids = record.criteria.flatMap((criterion) => criterion.evidence.resultIds);
  return { record, results: await resultsByIds(db, incidentId, ids) };
}
