import "server-only";
import type { DbQuery } from "./adapter";
import { firstRow, toIso, type TimeInput } from "./sql";

/**
 * The stored start of an incident whose config gives a relative one: `proposed` the first time, whatever
 * was stored first afterwards (one statement, so instances starting together agree).
 */
export async function anchorIncidentStart(db: DbQuery, incidentId: string, proposed: TimeInput): Promise<string> {
  await db.query(
    `INSERT INTO incident_start (incident_id, started_at) VALUES ($1::text, $2::timestamptz) ON CONFLICT (incident_id) DO NOTHING`,
    [incidentId, toIso(proposed)],
  );
  const rows = await db.query<{ started_at: unknown }>(`SELECT started_at FROM incident_start WHERE incident_id = $1::text`, [incidentId]);
  return toIso(firstRow(rows, "SELECT incident_start").started_at);
}
