import "server-only";
import type { IncidentConfig } from "../config";
import { getIncidentState, insertNotifyEvent, latestDigest, listTimeline, lockDigest, type Db } from "../db";
import { composeDigestSince } from "./draft";

// The leadership digest (docs/notifications.md "Digest"): every `every` of the digest rules (the shortest
// when several differ), a `digest` event covering what changed since the previous one. It goes through the
// outbox like any event; the lock makes one instance write it.

const DEFAULT_EVERY_MS = 2 * 3_600_000;

/** The digest period: the shortest `every` of the rules that send digests (else updateEvery, else 2 h); null without such a rule. */
export function digestEvery(config: IncidentConfig): number | null {
  const rules = config.notify.rules.filter((rule) => rule.on.includes("digest"));
  if (rules.length === 0) return null;
  return Math.min(...rules.map((rule) => rule.every ?? config.incident.updateEvery ?? DEFAULT_EVERY_MS));
}

/** Writes the next digest event when one is due (the first a period after the incident start, none once resolved); true when written. */
export async function queueDueDigest(db: Db, config: IncidentConfig, now = new Date()): Promise<boolean> {
  const every = digestEvery(config);
  if (every === null) return false;
  return db.transaction(async (tx) => {
    await lockDigest(tx);
    // A resolved incident has nothing left to report to leadership.
    if ((await getIncidentState(tx, config.incident.id))?.state === "resolved") return false;
    const previous = await latestDigest(tx, config.incident.id);
    const dueAt = Date.parse(previous?.at ?? config.incident.startedAt) + every;
    if (now.getTime() < dueAt) return false;
    const [newest] = await listTimeline(tx, config.incident.id, { limit: 1 });
    const since = previous ? { id: previous.lastEntryId, at: previous.at } : null;
    const text = await composeDigestSince(tx, config, since, now);
    await insertNotifyEvent(tx, config.incident.id, { event: "digest", text, data: { lastEntryId: newest?.id ?? 0, since: since?.at ?? config.incident.startedAt } });
    return true;
  });
}
