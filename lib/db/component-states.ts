import "server-only";
import type { ComponentStatus } from "../types";
import type { DbQuery } from "./adapter";

// The shared status and streak of each (component, location): see migrations/005_component_states.sql.

/** A component's status at one location plus the streak counters its thresholds read. */
export interface StoredComponentState {
  status: ComponentStatus;
  failures: number;
  successes: number;
}

/** One row of component_states. */
export interface ComponentStateRow extends StoredComponentState {
  componentId: string;
  location: string;
}

const COLUMNS = `component_id AS "componentId", location, status, failures, successes`;

/** Reads and row-locks the stored state (inside a transaction); null when the pair has none yet. */
export async function lockComponentState(tx: DbQuery, incidentId: string, componentId: string, location: string): Promise<StoredComponentState | null> {
  const rows = await tx.query<StoredComponentState>(
    `SELECT status, failures, successes FROM component_states
      WHERE incident_id = $3::text AND component_id = $1::text AND location = $2::text FOR UPDATE`,
    [componentId, location, incidentId],
  );
  return rows[0] ?? null;
}

/** Stores the state of one (component, location). */
export async function saveComponentState(tx: DbQuery, incidentId: string, row: ComponentStateRow): Promise<void> {
  await tx.query(
    `INSERT INTO component_states (component_id, location, status, failures, successes, updated_at, incident_id)
     VALUES ($1::text, $2::text, $3::text, $4::int, $5::int, now(), $6::text)
     ON CONFLICT (incident_id, component_id, location) DO UPDATE
       SET status = EXCLUDED.status, failures = EXCLUDED.failures, successes = EXCLUDED.successes, updated_at = now()`,
    [row.componentId, row.location, row.status, row.failures, row.successes, incidentId],
  );
}

/** Every stored state (an engine seeds its streaks from these at start). */
export async function listComponentStates(db: DbQuery, incidentId: string): Promise<ComponentStateRow[]> {
  return db.query<ComponentStateRow>(`SELECT ${COLUMNS} FROM component_states WHERE incident_id = $1::text ORDER BY component_id, location`, [incidentId]);
}
