import "server-only";
import type { DbQuery } from "./adapter";
import { toIso, toJsonParam } from "./sql";
import type { TimelineEvent } from "./timeline";

/** The newest stored audited config of an incident. */
export interface ConfigVersion {
  hash: string;
  body: Record<string, unknown>;
}

// Starts of the same incident (several instances behind REDIS_URL) audit one at a time: each takes this
// transaction-scoped lock before reading the newest version, so a change is written once, by the first.
const AUDIT_LOCK_KEY = 6_845_375_209;

/** Waits until no other transaction audits a config; held until the caller's transaction ends. */
export async function lockConfigAudit(tx: DbQuery): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`);
}

/** The newest stored version for the incident, or null before its first start. */
export async function latestConfigVersion(db: DbQuery, incidentId: string): Promise<ConfigVersion | null> {
  const rows = await db.query<ConfigVersion>(
    `SELECT hash, body FROM config_versions WHERE incident_id = $1::text ORDER BY id DESC LIMIT 1`,
    [incidentId],
  );
  return rows[0] ?? null;
}

/** Stores a version as the incident's newest. */
export async function insertConfigVersion(db: DbQuery, incidentId: string, version: ConfigVersion): Promise<void> {
  await db.query(`INSERT INTO config_versions (incident_id, hash, body) VALUES ($1::text, $2::text, $3::jsonb)`, [
    incidentId,
    version.hash,
    toJsonParam(version.body),
  ]);
}

/** The `config` timeline entries of one incident for one kind of item (e.g. "criterion"), oldest first. */
export async function listConfigEntries(db: DbQuery, incidentId: string, kind: string): Promise<TimelineEvent[]> {
  const rows = await db.query<TimelineEvent>(
    `SELECT id, at, type, team, actor, text, data FROM timeline_events
     WHERE incident_id = $1::text AND type = 'config' AND data->>'kind' = $2::text
     ORDER BY id ASC`,
    [incidentId, kind],
  );
  return rows.map((row) => ({ ...row, at: toIso(row.at) }));
}
