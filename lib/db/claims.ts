import "server-only";
import type { DbQuery } from "./adapter";
import { buildValuesList, toIso, type TimeInput } from "./sql";

// Slot claims: each scheduled check of a component at a location runs once per interval across all
// instances. A claim is one unique row; the first INSERT wins, the others see the conflict and skip.
// There is no lease to renew or release: every slot is claimed afresh, so when an instance dies the
// survivors claim the next slot of each of its components (takeover within one interval).

/** One scheduled check to claim: slot = Math.floor(scheduledAtMs / interval) (see slotOf). */
export interface SlotClaim {
  componentId: string;
  location: string;
  slot: number;
  /** Who claims it (host:pid:random), for diagnosis only. */
  instance: string;
}

/** The slot number of a check scheduled at `scheduledAtMs` for a component probed every `interval` ms. */
export function slotOf(scheduledAtMs: number, interval: number): number {
  return Math.floor(scheduledAtMs / interval);
}

/** Claims a slot; true when this caller owns it, false when another instance claimed it first. */
export async function claimSlot(db: DbQuery, incidentId: string, claim: SlotClaim): Promise<boolean> {
  const [owned] = await claimSlots(db, incidentId, [claim]);
  return owned!;
}

const CLAIM_CASTS = ["text", "text", "int8", "text", "text"];
// The slot comes back from int8 as a string; in the template a number reads the same.
const claimKey = (componentId: string, location: string, slot: number | string) => `${componentId}\u0000${location}\u0000${slot}`;

/**
 * Claims several slots in one statement (the engine groups the claims of a short window: one transaction
 * instead of one per probe); per claim, in order, whether this caller owns it. A slot named twice in one
 * call is owned by its first claim only.
 */
export async function claimSlots(db: DbQuery, incidentId: string, claims: readonly SlotClaim[]): Promise<boolean[]> {
  if (claims.length === 0) return [];
  const rows = await db.query<{ component_id: string; location: string; slot: string | number }>(
    `INSERT INTO probe_claims (component_id, location, slot, instance, incident_id)
     VALUES ${buildValuesList(claims.length, CLAIM_CASTS)}
     ON CONFLICT DO NOTHING
     RETURNING component_id, location, slot`,
    claims.flatMap((claim) => [claim.componentId, claim.location, claim.slot, claim.instance, incidentId]),
  );
  const won = new Set(rows.map((row) => claimKey(row.component_id, row.location, row.slot)));
  return claims.map((claim) => won.delete(claimKey(claim.componentId, claim.location, claim.slot)));
}

/**
 * Deletes the incident's claims made before the cutoff (they only matter while their slot is current) and
 * returns how many went. Another incident's claims are its own processes' business.
 */
export async function pruneClaims(db: DbQuery, incidentId: string, before: TimeInput): Promise<number> {
  const rows = await db.query<{ count: number }>(
    `WITH deleted AS (DELETE FROM probe_claims WHERE incident_id = $2::text AND claimed_at < $1::timestamptz RETURNING 1)
     SELECT count(*) AS count FROM deleted`,
    [toIso(before), incidentId],
  );
  return rows[0]?.count ?? 0;
}
