import "server-only";
import type { DbQuery } from "./adapter";
import { chunk, toIso, toJsonParam, type TimeInput } from "./sql";

// The incidents a store holds (migration 012, docs/incidents.md): the live process upserts its config's
// incident at boot; earlier incidents keep their rows and are read through the archive, each with a stored
// summary (migration 019) that lib/report/archive.ts recomputes when the mark of its facts has moved.

/** What a config says about its incident; written at every boot (title and severity may be edited). */
export interface IncidentHeader {
  id: string;
  title: string;
  severity: string;
  startedAt: TimeInput;
  /** What the report reads of the config (lib/report/definition.ts); null keeps what is stored. */
  definition?: Record<string, unknown> | null;
}

/** One incident of the archive; state is null for an incident that was never opened. */
export interface IncidentRow {
  id: string;
  title: string;
  severity: string | null;
  state: string | null;
  startedAt: string | null;
  resolvedAt: string | null;
}

/** Inserts the incident or refreshes its title, severity and start. */
export async function upsertIncident(db: DbQuery, incident: IncidentHeader): Promise<void> {
  await db.query(
    `INSERT INTO incidents (id, title, severity, started_at, definition) VALUES ($1::text, $2::text, $3::text, $4::timestamptz, $5::jsonb)
     ON CONFLICT (id) DO UPDATE SET title = EXCLUDED.title, severity = EXCLUDED.severity,
       started_at = EXCLUDED.started_at, definition = COALESCE(EXCLUDED.definition, incidents.definition), updated_at = now()`,
    [incident.id, incident.title, incident.severity, toIso(incident.startedAt), toJsonParam(incident.definition ?? null)],
  );
}

/** Keeps incidents.resolved_at in step with the state: set when it becomes resolved, cleared when it leaves. */
export async function noteIncidentResolution(db: DbQuery, incidentId: string, resolvedAt: string | null): Promise<void> {
  await db.query(`UPDATE incidents SET resolved_at = $2::timestamptz, updated_at = now() WHERE id = $1::text`, [incidentId, resolvedAt]);
}

const COLUMNS = `i.id, i.title, i.severity, s.state, i.started_at AS "startedAt", i.resolved_at AS "resolvedAt"`;

function mapIncident(row: IncidentRow): IncidentRow {
  return { ...row, startedAt: row.startedAt === null ? null : toIso(row.startedAt), resolvedAt: row.resolvedAt === null ? null : toIso(row.resolvedAt) };
}

/** The stored definition of an incident (what its report reads), or null. */
export async function getIncidentDefinition(db: DbQuery, incidentId: string): Promise<Record<string, unknown> | null> {
  const rows = await db.query<{ definition: Record<string, unknown> | null }>(`SELECT definition FROM incidents WHERE id = $1::text`, [incidentId]);
  return rows[0]?.definition ?? null;
}

/** Every stored incident, newest start first (the archive). */
export async function listIncidents(db: DbQuery): Promise<IncidentRow[]> {
  const rows = await db.query<IncidentRow>(
    `SELECT ${COLUMNS} FROM incidents i LEFT JOIN incident_state s ON s.incident_id = i.id
     ORDER BY i.started_at DESC NULLS LAST, i.id`,
  );
  return rows.map(mapIncident);
}

/** One stored incident, or null when the store never saw the id. */
export async function getIncident(db: DbQuery, incidentId: string): Promise<IncidentRow | null> {
  const rows = await db.query<IncidentRow>(
    `SELECT ${COLUMNS} FROM incidents i LEFT JOIN incident_state s ON s.incident_id = i.id WHERE i.id = $1::text`,
    [incidentId],
  );
  return rows[0] ? mapIncident(rows[0]) : null;
}

/** An incident of the archive with its stored summary (any shape: the reader checks it) and its mark. */
export interface IncidentSummaryRow extends IncidentRow {
  summary: Record<string, unknown> | null;
  storedMark: string | null;
}

/** Every incident with its stored summary, newest start first. */
export async function listIncidentSummaries(db: DbQuery): Promise<IncidentSummaryRow[]> {
  const rows = await db.query<IncidentSummaryRow>(
    `SELECT ${COLUMNS}, i.summary, i.summary_mark AS "storedMark" FROM incidents i LEFT JOIN incident_state s ON s.incident_id = i.id
     ORDER BY i.started_at DESC NULLS LAST, i.id`,
  );
  return rows.map((row) => ({ ...row, ...mapIncident(row) }));
}

/**
 * The mark of each incident's facts now: newest transition time, newest timeline id, the row's updated_at.
 * One statement of one SELECT per incident, each naming its id as a parameter: the planner then sees the
 * actual id and probes an (incident_id, …) index or the newest ids. A correlated subquery (`WHERE
 * incident_id = i.id`) was planned for the average incident and scanned the timeline once per incident when
 * one incident held most rows: 270 ms of execution for 50 incidents in the report bench's store, where each
 * statement here executes in about 0.05 ms.
 */
export async function incidentMarks(db: DbQuery, incidentIds: readonly string[]): Promise<Map<string, string>> {
  const marks = new Map<string, string>();
  for (const ids of chunk(incidentIds)) {
    const selects = ids.map(
      (_, index) => `SELECT id, concat_ws('|',
        COALESCE((SELECT max(at) FROM component_transitions WHERE incident_id = $${index + 1}::text)::text, '-'),
        COALESCE((SELECT max(id) FROM timeline_events WHERE incident_id = $${index + 1}::text)::text, '-'), updated_at::text) AS mark
      FROM incidents WHERE id = $${index + 1}::text`,
    );
    for (const row of await db.query<{ id: string; mark: string }>(selects.join("\nUNION ALL\n"), [...ids])) marks.set(row.id, row.mark);
  }
  return marks;
}

/** Stores a summary with the mark it was computed from; updated_at stays, since the mark reads it. */
export async function storeIncidentSummary(db: DbQuery, incidentId: string, summary: object, mark: string): Promise<void> {
  await db.query(`UPDATE incidents SET summary = $2::jsonb, summary_mark = $3::text WHERE id = $1::text`, [incidentId, JSON.stringify(summary), mark]);
}

/** The newest time of any timeline entry or transition of an incident, or null when it has none. */
export async function lastFactAt(db: DbQuery, incidentId: string): Promise<string | null> {
  const rows = await db.query<{ at: unknown }>(
    `SELECT GREATEST((SELECT max(at) FROM timeline_events WHERE incident_id = $1::text),
       (SELECT max(at) FROM component_transitions WHERE incident_id = $1::text)) AS at`,
    [incidentId],
  );
  const at = rows[0]?.at;
  return at === null || at === undefined ? null : toIso(at);
}
