import "server-only";
import { appendTimeline, insertNotifyEvent, type DbQuery, type NewTimelineEvent, type TimelineEvent } from "../db";
import { notifyEventsOf } from "./events";

/**
 * Appends a timeline entry and, in the same transaction, the notification events it raises: committed
 * together or not at all, so a storage outage can delay a notification but never lose one.
 */
export async function appendNotified(tx: DbQuery, incidentId: string, event: NewTimelineEvent): Promise<TimelineEvent> {
  const entry = await appendTimeline(tx, incidentId, event);
  for (const raised of notifyEventsOf(entry)) await insertNotifyEvent(tx, incidentId, { ...raised, entryId: entry.id, at: entry.at });
  return entry;
}
