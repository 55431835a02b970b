import "server-only";
import type { DbQuery } from "./adapter";
import { firstRow, toIso, toJsonParam, type TimeInput } from "./sql";

/** Kinds of timeline entries (also the CHECK constraint of timeline_events.type). */
export const TIMELINE_TYPES = ["transition", "update", "note", "signoff", "test-run", "phase", "state", "criterion", "regression", "config"] as const;
/** The entries people write (the "people only" filter and the report's human entries). */
export const PEOPLE_TYPES = ["update", "note", "signoff"] as const satisfies readonly TimelineTypeName[];
type TimelineTypeName = (typeof TIMELINE_TYPES)[number];
/** One kind of timeline entry. */
export type TimelineType = (typeof TIMELINE_TYPES)[number];

/** One timeline entry; id doubles as the SSE event id and grows in commit order. */
export interface TimelineEvent {
  id: number;
  at: string;
  type: TimelineType;
  team: string | null;
  actor: string | null;
  text: string;
  data: Record<string, unknown> | null;
}

/** An entry to append; at defaults to the database clock at insert time. */
export interface NewTimelineEvent {
  type: TimelineType;
  text: string;
  team?: string | null;
  actor?: string | null;
  data?: Record<string, unknown> | null;
  at?: TimeInput;
}

/**
 * Filters for listTimeline; with afterId the result is ascending (SSE replay), else newest first. An
 * incident runs for days: beforeId pages back past the newest entries (the cursor is the last id seen),
 * search matches the text (case-insensitive), since/until bound the time, people keeps PEOPLE_TYPES.
 */
export interface ListTimelineOptions {
  afterId?: number;
  beforeId?: number;
  limit?: number;
  types?: readonly TimelineType[];
  team?: string;
  search?: string;
  since?: TimeInput;
  until?: TimeInput;
  people?: boolean;
}

/** `%`, `_` and `\` taken literally inside an ILIKE pattern. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

const COLUMNS = "id, at, type, team, actor, text, data";

// Sequences hand out ids at insert time, not commit time: two concurrent writers could commit 8 before 7,
// and a client that already saw 8 would never replay 7. This transaction-scoped lock makes every
// appender wait for the previous one to commit, so ids become visible in order (also across instances).
const APPEND_LOCK_KEY = 6_845_375_205;

/** Converts a driver row (Date timestamps) to the public row shape. */
function mapEvent(row: TimelineEvent): TimelineEvent {
  return { ...row, at: toIso(row.at) };
}

/** Appends one entry and returns it with its id; ids never go backwards for a replaying reader. */
export async function appendTimeline(db: DbQuery, incidentId: string, event: NewTimelineEvent): Promise<TimelineEvent> {
  const rows = await db.query<TimelineEvent>(
    `WITH ordered AS (SELECT pg_advisory_xact_lock(${APPEND_LOCK_KEY}))
     INSERT INTO timeline_events (at, type, team, actor, text, data, incident_id)
     SELECT COALESCE($1::timestamptz, clock_timestamp()), $2::text, $3::text, $4::text, $5::text, $6::jsonb, $7::text FROM ordered
     RETURNING ${COLUMNS}`,
    [
      event.at === undefined ? null : toIso(event.at),
      event.type,
      event.team ?? null,
      event.actor ?? null,
      event.text,
      toJsonParam(event.data),
      incidentId,
    ],
  );
  return mapEvent(firstRow(rows, "appendTimeline"));
}

/** Lists entries: after afterId in ascending id order (replay), otherwise the newest first. */
export async function listTimeline(db: DbQuery, incidentId: string, options: ListTimelineOptions = {}): Promise<TimelineEvent[]> {
  const replay = options.afterId !== undefined;
  const rows = await db.query<TimelineEvent>(
    `SELECT ${COLUMNS} FROM timeline_events
     WHERE incident_id = $5::text AND ($1::bigint IS NULL OR id > $1::bigint)
       AND ($2::text[] IS NULL OR type = ANY($2::text[]))
       AND ($3::text IS NULL OR team = $3::text)
       AND ($6::bigint IS NULL OR id < $6::bigint)
       AND ($7::text IS NULL OR text ILIKE $7::text)
       AND ($8::timestamptz IS NULL OR at >= $8::timestamptz)
       AND ($9::timestamptz IS NULL OR at < $9::timestamptz)
       AND ($10::text[] IS NULL OR type = ANY($10::text[]))
     ORDER BY id ${replay ? "ASC" : "DESC"}
     LIMIT $4`,
    [
      options.afterId ?? null,
      options.types ? [...options.types] : null,
      options.team ?? null,
      options.limit ?? 100,
      incidentId,
      options.beforeId ?? null,
      options.search ? likePattern(options.search) : null,
      options.since === undefined ? null : toIso(options.since),
      options.until === undefined ? null : toIso(options.until),
      options.people ? [...PEOPLE_TYPES] : null,
    ],
  );
  return rows.map(mapEvent);
}
