import "server-only";
import type { DbQuery } from "./adapter";
import { toIso, toJsonParam, type TimeInput } from "./sql";

// The incidents a store holds (migration 012, docs/incidents.md): the live process upserts its config's
// incident at boot; earlier incidents keep their rows and are read through the archive.

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
