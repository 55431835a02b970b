import "server-only";
import type { DbQuery } from "./adapter";
import { buildValuesList, chunk, toIso, toJsonParam, type TimeInput } from "./sql";

import type { ComponentStatus, ProbeResultView } from "../types";

/** One stored probe result (the API's view plus raw observations and slot); timestamps are ISO strings. */
export interface ProbeResultRow extends ProbeResultView {
  observations: Record<string, unknown>;
  slot: number | null;
}

/**
 * The newest result of a component × location as the snapshot and the metrics read it: the evidence
 * (observations with headers and up to 2 KB of body, condition outcomes) stays in the database, except the
 * certificate expiry (ms from the check until notAfter) that `GET /api/metrics` exports.
 */
export interface LatestResultRow extends Omit<ProbeResultView, "outcomes"> {
  certificateExpiration: number | null;
  /** The streak counters of component_states for this component × location (absent: none stored). */
  failures?: number | null;
  successes?: number | null;
}

/** A result to insert; location defaults to "default", optional fields to null. */
export interface NewProbeResult {
  componentId: string;
  location?: string;
  checkedAt: TimeInput;
  ok: boolean;
  status?: ComponentStatus | null;
  latencyMs?: number | null;
  errorCode?: string | null;
  errorMessage?: string | null;
  observations?: Record<string, unknown>;
  phases?: Record<string, number> | null;
  outcomes?: unknown[] | null;
  slot?: number | null;
}

const COLUMNS = `id, component_id AS "componentId", location, checked_at AS "checkedAt", ok, status,
  latency_ms AS "latencyMs", error_code AS "errorCode", error_message AS "errorMessage", observations, phases, outcomes, slot`;

const INSERT_CASTS = ["text", "text", "text", "timestamptz", "boolean", "text", "float8", "text", "text", "jsonb", "jsonb", "jsonb", "int8"];

/** Converts a driver row (Date timestamps) to the public row shape. */
function mapResult(row: ProbeResultRow): ProbeResultRow {
  return { ...row, checkedAt: toIso(row.checkedAt) };
}

/** Flattens one result into its INSERT parameters, in INSERT_CASTS order after the incident id. */
function toParams(result: NewProbeResult): unknown[] {
  return [
    result.componentId,
    result.location ?? "default",
    toIso(result.checkedAt),
    result.ok,
    result.status ?? null,
    result.latencyMs ?? null,
    result.errorCode ?? null,
    result.errorMessage ?? null,
    toJsonParam(result.observations ?? {}),
    toJsonParam(result.phases),
    toJsonParam(result.outcomes),
    result.slot ?? null,
  ];
}

/**
 * Inserts results with one multi-row statement per 500 rows and returns their ids in input order.
 * Batches are not atomic together unless db is a transaction. A taken slot throws CONFLICT.
 */
export async function insertResults(db: DbQuery, incidentId: string, results: readonly NewProbeResult[]): Promise<number[]> {
  const ids: number[] = [];
  for (const batch of chunk(results)) {
    const rows = await db.query<{ id: number }>(
      `INSERT INTO probe_results (incident_id, component_id, location, checked_at, ok, status, latency_ms, error_code,
         error_message, observations, phases, outcomes, slot)
       VALUES ${buildValuesList(batch.length, INSERT_CASTS)}
       RETURNING id`,
      batch.flatMap((result) => [incidentId, ...toParams(result)]),
    );
    ids.push(...rows.map((row) => row.id));
  }
  return ids;
}

/** Options for listResults: newest first, at most limit rows, optionally one location. */
export interface ListResultsOptions {
  limit?: number;
  location?: string;
}

/** Lists a component's results newest first (all locations unless one is given). */
export async function listResults(
  db: DbQuery,
  incidentId: string,
  componentId: string,
  { limit = 100, location }: ListResultsOptions = {},
): Promise<ProbeResultRow[]> {
  const rows = await db.query<ProbeResultRow>(
    `SELECT ${COLUMNS} FROM probe_results
     WHERE incident_id = $4::text AND component_id = $1 AND ($2::text IS NULL OR location = $2::text)
     ORDER BY checked_at DESC, id DESC
     LIMIT $3`,
    [componentId, location ?? null, limit, incidentId],
  );
  return rows.map(mapResult);
}

/** The incident's results with these ids (a handback record's evidence), by id; ids that are gone are missing. */
export async function resultsByIds(db: DbQuery, incidentId: string, ids: readonly number[]): Promise<ProbeResultRow[]> {
  const rows = await db.query<ProbeResultRow>(
    `SELECT ${COLUMNS} FROM probe_results WHERE incident_id = $1::text AND id = ANY($2::int8[]) ORDER BY id`,
    [incidentId, [...ids]],
  );
  return rows.map(mapResult);
}

// DISTINCT ON would read every stored result (1.5 s for 2,000 components after one hour at 10 s, growing
// with the table). These CTEs walk the (component_id, location, checked_at) index instead: a loose index
// scan finds each component × location pair (`pairs`), then one index probe fetches its newest row
// (`newest`, whole rows): ≈60 ms for 2,000 pairs, flat as the table grows. Retention reuses them. The
// index leads with incident_id (migration 012), so the walk stays inside one incident: `incident` is the
// placeholder ($1, $2, …) that holds its id.
export function newestResultsCtes(incident: string): string {
  return `RECURSIVE pairs AS (
  (SELECT component_id, location FROM probe_results WHERE incident_id = ${incident}::text ORDER BY incident_id, component_id, location LIMIT 1)
  UNION ALL
  SELECT next.component_id, next.location FROM pairs p
  CROSS JOIN LATERAL (
    SELECT component_id, location FROM probe_results
    WHERE incident_id = ${incident}::text AND (component_id, location) > (p.component_id, p.location)
    ORDER BY incident_id, component_id, location LIMIT 1
  ) next
), newest AS (
  SELECT latest.* FROM pairs p
  CROSS JOIN LATERAL (
    SELECT * FROM probe_results
    WHERE incident_id = ${incident}::text AND component_id = p.component_id AND location = p.location
    ORDER BY checked_at DESC, id DESC LIMIT 1
  ) latest
)`;
}

// 2,000 rows of full evidence would be megabytes of JSON for every snapshot; these columns are what it shows.
const LATEST_COLUMNS = `id, component_id AS "componentId", location, checked_at AS "checkedAt", ok, status,
  latency_ms AS "latencyMs", error_code AS "errorCode", error_message AS "errorMessage", phases,
  CASE WHEN jsonb_typeof(observations->'CERTIFICATE_EXPIRATION') = 'number'
    THEN (observations->>'CERTIFICATE_EXPIRATION')::float8 END AS "certificateExpiration"`;
// The streak beside each newest result (written in the same transaction): one primary-key probe per pair.
const STREAK_MATCH = `s.incident_id = newest.incident_id AND s.component_id = newest.component_id AND s.location = newest.location`;
const STREAK_COLUMNS = `(SELECT failures FROM component_states s WHERE ${STREAK_MATCH}) AS failures,
  (SELECT successes FROM component_states s WHERE ${STREAK_MATCH}) AS successes`;
const LATEST = `WITH ${newestResultsCtes("$1")} SELECT ${LATEST_COLUMNS}, ${STREAK_COLUMNS} FROM newest ORDER BY component_id, location`;

/** Returns the latest result of every component × location (without its evidence), by component then location. */
export async function latestResults(db: DbQuery, incidentId: string): Promise<LatestResultRow[]> {
  const rows = await db.query<LatestResultRow>(LATEST, [incidentId]);
  return rows.map((row) => ({ ...row, checkedAt: toIso(row.checkedAt) }));
}


/** The newest result id (0 when none): a read model sees from it whether someone wrote results it heard no event of. */
export async function newestResultId(db: DbQuery): Promise<number> {
  const rows = await db.query<{ id: number | string | null }>(`SELECT max(id) AS id FROM probe_results`);
  return Number(rows[0]?.id ?? 0);
}
