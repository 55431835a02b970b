import "server-only";
import { listTimeline, type DbQuery } from "../db";
import type { BusEvent } from "./bus";

const PAGE = 500;

/** Timeline entries after `afterId`, ascending, as `timeline` bus events (read page by page). */
export async function replayTimeline(db: DbQuery, afterId: number): Promise<BusEvent[]> {
  const events: BusEvent[] = [];
  let cursor = afterId;
  for (;;) {
    const page = await listTimeline(db, { afterId: cursor, limit: PAGE });
    for (const entry of page) events.push({ type: "timeline", id: entry.id, data: entry });
    if (page.length < PAGE) return events;
    cursor = page[page.length - 1]!.id;
  }
}
