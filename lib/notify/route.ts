import "server-only";
import { randomUUID } from "node:crypto";
import { formatDuration, type IncidentConfig } from "../config";
import { downWasRouted, foldIntoDelivery, getIncidentState, hasUnroutedEvents, insertDelivery, latestCoalesced, listComponentStates, lockUnroutedEvents, markEventsRouted, type Db, type DbQuery, type NotifyEventRow } from "../db";
import { combineLocations } from "../locations";
import { rootCausesOf } from "../snapshot/root-cause";
import type { ComponentStatus } from "../types";
import { linkFor, type NotifyMessage } from "./message";
import { channelsFor, COMPONENT_EVENTS } from "./rules";

// Routing: events written with their timeline entries become one delivery per channel, in one transaction
// that also marks them routed (FOR UPDATE SKIP LOCKED: one instance routes each event). rootCauseOnly and
// the flapping window are decided here, against the stored state at routing time.

const ROUTE_BATCH = 200;

/** The nearest down upstreams of each component from the stored states (lib/snapshot/root-cause.ts). */
async function readRootCauses(tx: DbQuery, config: IncidentConfig): Promise<Map<string, string[]>> {
  const byComponent = new Map<string, ComponentStatus[]>();
  for (const row of await listComponentStates(tx, config.incident.id)) byComponent.set(row.componentId, [...(byComponent.get(row.componentId) ?? []), row.status]);
  return rootCausesOf(config.components.map((c) => ({ id: c.id, dependsOn: c.dependsOn, status: combineLocations(byComponent.get(c.id) ?? []) })));
}

interface RouteContext {
  tx: DbQuery;
  config: IncidentConfig;
  baseUrl: string;
  now: Date;
  rootCauses: () => Promise<Map<string, string[]>>;
  state: NotifyMessage["incident"]["state"];
}

/** Whether rootCauseOnly lets a component event through: a down with a down upstream is a symptom. */
async function passesRootCause(ctx: RouteContext, row: NotifyEventRow, channel: string): Promise<boolean> {
  const componentId = String(row.data?.componentId ?? "");
  if (row.event === "component_down") return ((await ctx.rootCauses()).get(componentId) ?? []).length === 0;
  return downWasRouted(ctx.tx, ctx.config.incident.id, componentId, channel, row.id);
}

/** The message a delivery stores; a root cause names the components down because of it. */
async function messageOf(ctx: RouteContext, row: NotifyEventRow): Promise<NotifyMessage> {
  const { incident } = ctx.config;
  const data: Record<string, unknown> = { ...row.data };
  if (row.event === "component_down") {
    const causes = await ctx.rootCauses();
    const affected = [...causes].filter(([, roots]) => roots.includes(String(data.componentId))).map(([id]) => id);
    if (affected.length > 0) data.affected = affected;
  }
  return { event: row.event, at: row.at, incident: { id: incident.id, title: incident.title, state: ctx.state }, text: row.text, data, link: linkFor(ctx.baseUrl, row.event) };
}

/** Writes the delivery, folding a component event into the channel's pending message inside the flapping window. */
async function writeDelivery(ctx: RouteContext, row: NotifyEventRow, channel: string, message: NotifyMessage): Promise<void> {
  const incidentId = ctx.config.incident.id;
  if (!COMPONENT_EVENTS.includes(row.event)) return insertDelivery(ctx.tx, incidentId, { id: randomUUID(), eventId: row.id, channel, event: row.event, message: { ...message } });
  const key = `${channel}:${String(row.data?.componentId ?? "")}`;
  const window = ctx.config.notify.coalesce;
  const latest = await latestCoalesced(ctx.tx, incidentId, key);
  const recent = latest && ctx.now.getTime() - Date.parse(latest.createdAt) < window;
  if (!recent) return insertDelivery(ctx.tx, incidentId, { id: randomUUID(), eventId: row.id, channel, event: row.event, message: { ...message }, coalesceKey: key });
  // Changes within the window: the message already sent for it, plus each one this held message stands for.
  const flapping = (changes: number): NotifyMessage => ({
    ...message,
    text: `${message.text} (flapping: ${changes} status changes within ${formatDuration(window)}, folded into this message; latest shown)`,
    data: { ...message.data, flapping: { changes, window: formatDuration(window) } },
  });
  if (latest.coalesced > 0 && (await foldIntoDelivery(ctx.tx, latest.id, row.id, row.event, { ...flapping(latest.coalesced + 2) }))) return;
  const notBefore = new Date(Date.parse(latest.createdAt) + window).toISOString();
  await insertDelivery(ctx.tx, incidentId, { id: randomUUID(), eventId: row.id, channel, event: row.event, message: { ...flapping(2) }, coalesceKey: key, coalesced: 1, notBefore });
}

/** Routes a batch of unrouted events; returns how many were routed (0: nothing waiting). */
export async function routeEvents(db: Db, config: IncidentConfig, baseUrl: string, now = new Date()): Promise<number> {
  if (!(await hasUnroutedEvents(db, config.incident.id))) return 0;
  return db.transaction(async (tx) => {
    const rows = await lockUnroutedEvents(tx, config.incident.id, ROUTE_BATCH);
    if (rows.length === 0) return 0;
    let causes: Promise<Map<string, string[]>> | null = null;
    const state = (await getIncidentState(tx, config.incident.id))?.state ?? "investigating";
    const ctx: RouteContext = { tx, config, baseUrl, now, state, rootCauses: () => (causes ??= readRootCauses(tx, config)) };
    for (const row of rows) {
      for (const { channel, rootCauseOnly } of channelsFor(config.notify, row.event)) {
        if (rootCauseOnly && COMPONENT_EVENTS.includes(row.event) && !(await passesRootCause(ctx, row, channel))) continue;
        await writeDelivery(ctx, row, channel, await messageOf(ctx, row));
      }
    }
    await markEventsRouted(tx, rows.map((row) => row.id));
    return rows.length;
  });
}
