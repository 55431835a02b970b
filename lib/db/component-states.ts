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

// One order in every instance (UTF-16 code units), so new rows are inserted, and locked, in the same order.
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** A (component, location) pair. */
export interface StatePair {
  componentId: string;
  location: string;
}

/**
 * Reads and row-locks the stored states of these pairs (inside a transaction); pairs without a row are
 * missing. Rows are locked in key order, so two instances writing overlapping batches never wait on each
 * other in a circle.
 */
export async function lockComponentStates(tx: DbQuery, incidentId: string, pairs: readonly StatePair[]): Promise<ComponentStateRow[]> {
  if (pairs.length === 0) return [];
  return tx.query<ComponentStateRow>(
    `SELECT ${COLUMNS} FROM component_states
      WHERE incident_id = $1::text AND (component_id, location) IN (SELECT * FROM unnest($2::text[], $3::text[]))
      ORDER BY component_id, location FOR UPDATE`,
    [incidentId, pairs.map((pair) => pair.componentId), pairs.map((pair) => pair.location)],
  );
}

/** Stores the states of several (component, location) pairs in one statement, in key order (see lockComponentStates). */
export async function saveComponentStates(tx: DbQuery, incidentId: string, rows: readonly ComponentStateRow[]): Promise<void> {
  if (rows.length === 0) return;
  const sorted = [...rows].sort((a, b) => (a.componentId === b.componentId ? compare(a.location, b.location) : compare(a.componentId, b.componentId)));
  await tx.query(
    `INSERT INTO component_states (component_id, location, status, failures, successes, updated_at, incident_id)
     SELECT c, l, s, f, p, now(), $1::text FROM unnest($2::text[], $3::text[], $4::text[], $5::int[], $6::int[]) AS t(c, l, s, f, p)
     ON CONFLICT (incident_id, component_id, location) DO UPDATE
       SET status = EXCLUDED.status, failures = EXCLUDED.failures, successes = EXCLUDED.successes, updated_at = now()`,
    [incidentId, ...(["componentId", "location", "status", "failures", "successes"] as const).map((key) => sorted.map((row) => row[key]))],
  );
}

/** Stores the state of one (component, location). */
export async function saveComponentState(tx: DbQuery, incidentId: string, row: ComponentStateRow): Promise<void> {
  await saveComponentStates(tx, incidentId, [row]);
}

/** Every stored state (an engine seeds its streaks from these at start). */
export async function listComponentStates(db: DbQuery, incidentId: string): Promise<ComponentStateRow[]> {
  return db.query<ComponentStateRow>(`SELECT ${COLUMNS} FROM component_states WHERE incident_id = $1::text ORDER BY component_id, location`, [incidentId]);
}
