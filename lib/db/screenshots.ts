import "server-only";
import type { DbQuery } from "./adapter";

// Browser probe screenshots (migration 018): evidence of a failing page, served as PNG to readers
// (GET /api/components/{id}/results/{resultId}/screenshot). Bounded in count here, in age by retention.

/** Screenshots kept per component: the newest failures are the evidence; older ones go. */
export const SCREENSHOTS_PER_COMPONENT = 20;

export interface NewScreenshot {
  resultId: number;
  componentId: string;
  takenAt: string;
  png: Buffer;
}

/** Stores one screenshot and drops the component's oldest beyond SCREENSHOTS_PER_COMPONENT. */
export async function insertScreenshot(db: DbQuery, incidentId: string, shot: NewScreenshot): Promise<void> {
  await db.query(
    `INSERT INTO probe_screenshots (result_id, incident_id, component_id, taken_at, png) VALUES ($1, $2, $3, $4::timestamptz, $5)
     ON CONFLICT (result_id) DO NOTHING`,
    [shot.resultId, incidentId, shot.componentId, shot.takenAt, shot.png],
  );
  await db.query(
    `DELETE FROM probe_screenshots WHERE incident_id = $1 AND component_id = $2 AND result_id NOT IN (
       SELECT result_id FROM probe_screenshots WHERE incident_id = $1 AND component_id = $2 ORDER BY taken_at DESC, result_id DESC LIMIT $3)`,
    [incidentId, shot.componentId, SCREENSHOTS_PER_COMPONENT],
  );
}

/** The PNG of one result of one component, or null when it has none (passed, evicted or expired). */
export async function getScreenshot(db: DbQuery, incidentId: string, componentId: string, resultId: number): Promise<Buffer | null> {
  const rows = await db.query<{ png: Uint8Array }>(
    "SELECT png FROM probe_screenshots WHERE incident_id = $1 AND component_id = $2 AND result_id = $3",
    [incidentId, componentId, resultId],
  );
  const png = rows[0]?.png;
  return png ? Buffer.from(png) : null;
}
