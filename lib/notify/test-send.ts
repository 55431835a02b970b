import "server-only";
import { randomUUID } from "node:crypto";
import { findOr404 } from "../api/context";
import type { IncidentConfig } from "../config";
import { getIncidentState, insertDelivery, type Db } from "../db";
import { linkFor, type NotifyMessage } from "./message";

/** Queues a `test` message on one channel (POST /api/notifications/test): the notifier sends it like any other. */
export async function queueTestDelivery(db: Db, config: IncidentConfig, channelId: string, actor: string, baseUrl: string): Promise<{ id: string; channel: string; state: "pending" }> {
  findOr404(config.notify.channels, channelId, "notification channel");
  const { incident } = config;
  const state = (await getIncidentState(db, incident.id))?.state ?? "investigating";
  const message: NotifyMessage = {
    event: "test",
    at: new Date().toISOString(),
    incident: { id: incident.id, title: incident.title, state },
    text: `Test notification from Handback, sent by ${actor} to channel "${channelId}"`,
    data: { channel: channelId, actor },
    link: linkFor(baseUrl, "test"),
  };
  const id = randomUUID();
  await insertDelivery(db, incident.id, { id, eventId: null, channel: channelId, event: "test", message: { ...message } });
  return { id, channel: channelId, state: "pending" };
}
