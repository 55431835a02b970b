import "server-only";
import type { DeliveryState, DeliveryView, NotifyEvent } from "../notify/types";
import type { DbQuery } from "./adapter";
import { toIso, toJsonParam } from "./sql";

// Queries of the notification outbox (migration 015, docs/notifications.md). Every function takes the
// incident id explicitly: rows of earlier incidents stay, and are never routed or sent again.

/** An event waiting in the outbox, as the router reads it. */
export interface NotifyEventRow {
  id: number;
  event: NotifyEvent;
  at: string;
  text: string;
  data: Record<string, unknown> | null;
}

/** Stores one event in the caller's transaction (the same one as the timeline entry that causes it). */
export async function insertNotifyEvent(tx: DbQuery, incidentId: string, event: { event: NotifyEvent; text: string; data?: Record<string, unknown> | null; entryId?: number | null; at?: string }): Promise<void> {
  await tx.query(
    `INSERT INTO notify_events (incident_id, event, at, text, data, entry_id) VALUES ($1::text, $2::text, COALESCE($3::timestamptz, now()), $4::text, $5::jsonb, $6::bigint)`,
    [incidentId, event.event, event.at ?? null, event.text, toJsonParam(event.data), event.entryId ?? null],
  );
}

/** True when an event waits for routing: one cheap read, so an idle poll opens no transaction. */
export async function hasUnroutedEvents(db: DbQuery, incidentId: string): Promise<boolean> {
  return (await db.query(`SELECT 1 FROM notify_events WHERE incident_id = $1::text AND routed_at IS NULL LIMIT 1`, [incidentId])).length > 0;
}

/** Locks up to `limit` unrouted events, oldest first; another instance skips them (call inside a transaction). */
export async function lockUnroutedEvents(tx: DbQuery, incidentId: string, limit: number): Promise<NotifyEventRow[]> {
  const rows = await tx.query<NotifyEventRow>(
    `SELECT id, event, at, text, data FROM notify_events WHERE incident_id = $1::text AND routed_at IS NULL ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED`,
    [incidentId, limit],
  );
  return rows.map((row) => ({ ...row, at: toIso(row.at) }));
}

/** Marks events routed (their deliveries are written in the same transaction). */
export async function markEventsRouted(tx: DbQuery, ids: readonly number[]): Promise<void> {
  if (ids.length > 0) await tx.query(`UPDATE notify_events SET routed_at = now() WHERE id = ANY($1::bigint[])`, [[...ids]]);
}

/** A delivery to write: its id is the stable delivery id every attempt sends. */
export interface NewDelivery {
  id: string;
  eventId: number | null;
  channel: string;
  event: NotifyEvent;
  message: Record<string, unknown>;
  coalesceKey?: string | null;
  coalesced?: number;
  notBefore?: string | null;
}

/** Inserts one pending delivery. */
export async function insertDelivery(tx: DbQuery, incidentId: string, delivery: NewDelivery): Promise<void> {
  await tx.query(
    `INSERT INTO notify_deliveries (id, incident_id, event_id, channel, event, message, coalesce_key, coalesced, next_attempt_at)
     VALUES ($1::text, $2::text, $3::bigint, $4::text, $5::text, $6::jsonb, $7::text, $8::int, COALESCE($9::timestamptz, now()))`,
    [delivery.id, incidentId, delivery.eventId, delivery.channel, delivery.event, toJsonParam(delivery.message), delivery.coalesceKey ?? null, delivery.coalesced ?? 0, delivery.notBefore ?? null],
  );
}

/** The newest delivery of a coalescing key (a component on a channel), for the flapping window. */
export async function latestCoalesced(tx: DbQuery, incidentId: string, key: string): Promise<{ id: string; createdAt: string; attempts: number; state: DeliveryState; coalesced: number; nextAttemptAt: string } | null> {
  const rows = await tx.query<{ id: string; createdAt: Date; attempts: number; state: DeliveryState; coalesced: number; nextAttemptAt: Date }>(
    `SELECT id, created_at AS "createdAt", attempts, state, coalesced, next_attempt_at AS "nextAttemptAt" FROM notify_deliveries
     WHERE incident_id = $1::text AND coalesce_key = $2::text ORDER BY created_at DESC, event_id DESC LIMIT 1 FOR UPDATE`,
    [incidentId, key],
  );
  const row = rows[0];
  return row ? { ...row, createdAt: toIso(row.createdAt), nextAttemptAt: toIso(row.nextAttemptAt) } : null;
}

/** Folds a newer event into a delivery nobody has attempted yet (flapping); false when it was claimed meanwhile. */
export async function foldIntoDelivery(tx: DbQuery, id: string, eventId: number, event: NotifyEvent, message: Record<string, unknown>): Promise<boolean> {
  // The delivery now stands for the newest event (event_id too: a later recovery finds its down delivered).
  const rows = await tx.query(
    `UPDATE notify_deliveries SET event_id = $2::bigint, event = $3::text, message = $4::jsonb, coalesced = coalesced + 1
     WHERE id = $1::text AND state = 'pending' AND attempts = 0 AND lease_until IS NULL RETURNING id`,
    [id, eventId, event, toJsonParam(message)],
  );
  return rows.length > 0;
}

/** True when the component's latest down event before `beforeEventId` was delivered on the channel (rootCauseOnly recoveries). */
export async function downWasRouted(tx: DbQuery, incidentId: string, componentId: string, channel: string, beforeEventId: number): Promise<boolean> {
  const rows = await tx.query(
    `SELECT 1 FROM notify_deliveries d WHERE d.channel = $3::text AND d.event_id = (
       SELECT max(id) FROM notify_events WHERE incident_id = $1::text AND event = 'component_down' AND data->>'componentId' = $2::text AND id < $4::bigint)
     LIMIT 1`,
    [incidentId, componentId, channel, beforeEventId],
  );
  return rows.length > 0;
}

/** A delivery claimed for one attempt. */
export interface ClaimedDelivery {
  id: string;
  channel: string;
  event: NotifyEvent;
  attempts: number;
  coalesced: number;
  message: Record<string, unknown>;
  createdAt: string;
}

/**
 * Claims up to `limit` due deliveries for `owner` until the lease ends; the attempt is counted now, so a crash
 * mid-send still moves the backoff on. SKIP LOCKED plus the lease keep two instances off the same row.
 */
export async function claimDueDeliveries(db: DbQuery, incidentId: string, owner: string, leaseMs: number, limit: number): Promise<ClaimedDelivery[]> {
  const rows = await db.query<ClaimedDelivery & { createdAt: Date }>(
    `UPDATE notify_deliveries SET lease_owner = $2::text, lease_until = now() + ($3::int * interval '1 millisecond'), attempts = attempts + 1
     WHERE id IN (SELECT id FROM notify_deliveries WHERE incident_id = $1::text AND state = 'pending' AND next_attempt_at <= now()
                  AND (lease_until IS NULL OR lease_until < now()) ORDER BY next_attempt_at LIMIT $4 FOR UPDATE SKIP LOCKED)
     RETURNING id, channel, event, attempts, coalesced, message, created_at AS "createdAt"`,
    [incidentId, owner, Math.round(leaseMs), limit],
  );
  return rows.map((row) => ({ ...row, createdAt: toIso(row.createdAt) }));
}

/** Ends an attempt held by `owner`: sent, failed for good, or pending again at `retryAt`; a success keeps the last error seen. */
export async function finishAttempt(db: DbQuery, id: string, owner: string, outcome: { state: DeliveryState; error: string | null; retryAt?: Date }): Promise<void> {
  await db.query(
    `UPDATE notify_deliveries SET state = $3::text, last_error = COALESCE($4::text, last_error), lease_owner = NULL, lease_until = NULL,
       sent_at = CASE WHEN $3::text = 'sent' THEN now() ELSE sent_at END,
       next_attempt_at = COALESCE($5::timestamptz, next_attempt_at)
     WHERE id = $1::text AND lease_owner = $2::text`,
    [id, owner, outcome.state, outcome.error, outcome.retryAt ? outcome.retryAt.toISOString() : null],
  );
}

/** The newest deliveries of the incident for `GET /api/notifications`. */
export async function listDeliveries(db: DbQuery, incidentId: string, limit = 100): Promise<DeliveryView[]> {
  const rows = await db.query<DeliveryView & { createdAt: Date; sentAt: Date | null; nextAttemptAt: Date | null; message: { text?: string } }>(
    `SELECT id, channel, event, state, attempts, last_error AS "lastError", created_at AS "createdAt", sent_at AS "sentAt",
       CASE WHEN state = 'pending' THEN next_attempt_at END AS "nextAttemptAt", message
     FROM notify_deliveries WHERE incident_id = $1::text ORDER BY created_at DESC, id LIMIT $2`,
    [incidentId, limit],
  );
  return rows.map(({ message, ...row }) => ({
    ...row,
    text: typeof message?.text === "string" ? message.text : "",
    createdAt: toIso(row.createdAt),
    sentAt: row.sentAt ? toIso(row.sentAt) : null,
    nextAttemptAt: row.nextAttemptAt ? toIso(row.nextAttemptAt) : null,
  }));
}

/** Deliveries per state (for /api/metrics), plus events not routed yet (counted as pending). */
export async function countDeliveries(db: DbQuery, incidentId: string): Promise<Record<DeliveryState, number>> {
  const rows = await db.query<{ state: DeliveryState; count: number }>(
    `SELECT state, count(*)::int AS count FROM notify_deliveries WHERE incident_id = $1::text GROUP BY state`,
    [incidentId],
  );
  const counts: Record<DeliveryState, number> = { pending: 0, sent: 0, failed: 0 };
  for (const row of rows) counts[row.state] = row.count;
  return counts;
}

// Instances that run a notifier decide on the next digest one at a time (the first writes it, the rest see it).
const DIGEST_LOCK_KEY = 6_845_375_214;

/** Waits until no other transaction decides on a digest; held until the caller's transaction ends. */
export async function lockDigest(tx: DbQuery): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock(${DIGEST_LOCK_KEY})`);
}

/** The newest digest event of the incident: when it was written and the last timeline entry it covered. */
export async function latestDigest(tx: DbQuery, incidentId: string): Promise<{ at: string; lastEntryId: number } | null> {
  const rows = await tx.query<{ at: Date; data: { lastEntryId?: number } | null }>(
    `SELECT at, data FROM notify_events WHERE incident_id = $1::text AND event = 'digest' ORDER BY id DESC LIMIT 1`,
    [incidentId],
  );
  const row = rows[0];
  return row ? { at: toIso(row.at), lastEntryId: Number(row.data?.lastEntryId ?? 0) } : null;
}
