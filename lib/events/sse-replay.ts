import "server-only";
import { listTimeline, type DbQuery } from "../db";
import type { BusEvent } from "./bus";

const PAGE = 500;

/** At most `limit` timeline entries after `afterId`, ascending, as `timeline` bus events (read page by page). */
export async function replayTimeline(db: DbQuery, incidentId: string, afterId: number, limit: number): Promise<BusEvent[]> {
  const events: BusEvent[] = [];
  let cursor = afterId;
  while (events.length < limit) {
    const size = Math.min(PAGE, limit - events.length);
    const page = await listTimeline(db, incidentId, { afterId: cursor, limit: size });
    for (const entry of page) events.push({ type: "timeline", id: entry.id, data: entry });
    if (page.length < size) break;
    cursor = page[page.length - 1]!.id;
  }
  return events;
}

/** The newest timeline id; 0 while the timeline is empty (ids start at 1). */
export async function latestTimelineId(db: DbQuery, incidentId: string): Promise<number> {
  const [newest] = await listTimeline(db, incidentId, { limit: 1 });
  return newest?.id ?? 0;
}
