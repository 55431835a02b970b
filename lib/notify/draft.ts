import "server-only";
import type { IncidentConfig } from "../config";
import { listTimeline, type DbQuery, type TimelineEvent } from "../db";
import { buildSnapshot } from "../snapshot/build";
import { readImpactHistory } from "../snapshot/impact-history";
import { readSnapshotInputs } from "../snapshot/read";
import { composeDigest, composeDraft, draftChanges, type Audience, type DraftChange, type DraftInputs } from "./draft-text";

// Reads what a draft or digest is made from: the timeline since a point, the snapshot now, ARR then.

const CHANGE_TYPES = ["transition", "criterion", "state", "phase", "regression"] as const;
const MAX_ENTRIES = 1_000;

/** The ARR at risk at `at`, replayed from the transitions (the last impact point not after it). */
async function arrAt(db: DbQuery, config: IncidentConfig, at: string, now: Date): Promise<number> {
  const { points } = await readImpactHistory(db, config, now);
  const before = points.filter((point) => point.at <= at);
  return (before.at(-1) ?? points[0])?.arrAtRisk ?? 0;
}

/** Everything since `since` (an entry id and its time) for the audience. */
async function readInputs(db: DbQuery, config: IncidentConfig, audience: Audience, since: { id: number; at: string }, now: Date): Promise<DraftInputs> {
  const [entries, inputs, [lastUpdate]] = await Promise.all([
    listTimeline(db, config.incident.id, { afterId: since.id, types: CHANGE_TYPES, limit: MAX_ENTRIES }),
    readSnapshotInputs(db, config, now),
    listTimeline(db, config.incident.id, { types: ["update"], limit: 1 }),
  ]);
  const snapshot = buildSnapshot(config, inputs, now);
  return {
    audience,
    incident: { id: config.incident.id, title: config.incident.title, state: snapshot.incident.state },
    since: new Date(since.at).toISOString(),
    entries,
    names: { components: new Map(config.components.map((c) => [c.id, c.name])), criteria: new Map(config.criteria.map((c) => [c.id, c.title])) },
    impact: {
      currency: snapshot.impact.currency,
      arrNow: snapshot.impact.arrAtRisk,
      arrThen: await arrAt(db, config, since.at, now),
      functionsOffline: snapshot.impact.functions.filter((fn) => fn.state === "offline").map((fn) => fn.name),
    },
    criteriaMet: snapshot.incident.criteriaMet,
    eta: snapshot.incident.eta,
    cadence: snapshot.incident.cadence,
    lastUpdate: lastUpdate ? { at: lastUpdate.at, actor: lastUpdate.actor, text: lastUpdate.text } : null,
  };
}

/** `GET /api/updates/draft`: the update drafted from what changed since the last posted one (or the start). */
export async function draftUpdate(db: DbQuery, config: IncidentConfig, audience: Audience, now = new Date()): Promise<{ text: string; since: string; changes: DraftChange[] }> {
  const [last] = await listTimeline(db, config.incident.id, { types: ["update"], limit: 1 });
  const inputs = await readInputs(db, config, audience, last ? { id: last.id, at: last.at } : { id: 0, at: config.incident.startedAt }, now);
  const changes = draftChanges(inputs);
  return { text: composeDraft(inputs, changes), since: inputs.since, changes };
}

/** The leadership digest covering what happened after `since` (the previous digest's entry, or the start). */
export async function composeDigestSince(db: DbQuery, config: IncidentConfig, since: Pick<TimelineEvent, "id" | "at"> | null, now = new Date()): Promise<string> {
  return composeDigest(await readInputs(db, config, "leadership", since ?? { id: 0, at: config.incident.startedAt }, now));
}
