import "server-only";
import type { HistoryBucketView } from "../types";
import type { Db, DbQuery } from "./adapter";
import { newestResultsCtes } from "./results";
import { toIso, type TimeInput } from "./sql";

// Retention for raw probe results (docs/architecture.md "Conventions"): raw rows older than a cutoff are folded into minute
// and hour buckets and deleted in the same statement, so a row is counted exactly once even when two
// instances roll up at the same moment (the second one's DELETE no longer sees the rows the first took).
// The newest raw row of each component × location is always kept: latestResults() answers as before. So is
// every row a handback record names (migration 013): its evidence links resolve to the exact rows for good.

/** Bucket sizes of probe_rollups. */
export type RollupBucket = "minute" | "hour";

/** One bucket of rolled-up results; bucketStart is an ISO 8601 UTC string. */
export interface ProbeRollupRow {
  componentId: string;
  location: string;
  bucket: RollupBucket;
  bucketStart: string;
  count: number;
  okCount: number;
  latencyCount: number;
  latencyMinMs: number | null;
  latencyAvgMs: number | null;
  latencyMaxMs: number | null;
}

/** What one rollUpResults pass did. */
export interface RollupSummary {
  /** Raw results folded into buckets and deleted. */
  rolledUp: number;
  /** Minute and hour buckets written or updated. */
  minuteBuckets: number;
  hourBuckets: number;
  /** Minute buckets dropped because they are older than keepMinutesMs (their hours remain). */
  minutesPruned: number;
}

/** Options of rollUpResults. */
export interface RollupOptions {
  /** How long before `before` minute buckets are kept (default 30 days); hour buckets are kept for good. */
  keepMinutesMs?: number;
}

const DEFAULT_KEEP_MINUTES_MS = 30 * 86_400_000;

// Buckets are truncated in UTC so both backends agree whatever the session TimeZone is (half-hour zones).
const ROLL_UP = `
WITH ${newestResultsCtes("$2")}, gone AS (
  DELETE FROM probe_results p
  WHERE p.incident_id = $2::text AND p.checked_at < $1::timestamptz AND p.id NOT IN (SELECT id FROM newest)
    AND NOT EXISTS (SELECT 1 FROM handback_record_results k WHERE k.incident_id = $2::text AND k.result_id = p.id)
  RETURNING p.component_id, p.location, p.checked_at, p.ok, p.latency_ms
), bucketed AS (
  SELECT g.component_id, g.location, b.bucket,
         date_trunc(b.bucket, g.checked_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS bucket_start, g.ok, g.latency_ms
  FROM gone g CROSS JOIN (VALUES ('minute'::text), ('hour'::text)) AS b(bucket)
), written AS (
  INSERT INTO probe_rollups AS r (incident_id, component_id, location, bucket, bucket_start, count, ok_count, latency_count,
                                  latency_min, latency_avg, latency_max)
  SELECT $2::text, component_id, location, bucket, bucket_start, count(*), count(*) FILTER (WHERE ok), count(latency_ms),
         min(latency_ms), avg(latency_ms), max(latency_ms)
  FROM bucketed
  GROUP BY component_id, location, bucket, bucket_start
  ON CONFLICT (incident_id, component_id, location, bucket, bucket_start) DO UPDATE SET
    count = r.count + EXCLUDED.count,
    ok_count = r.ok_count + EXCLUDED.ok_count,
    latency_count = r.latency_count + EXCLUDED.latency_count,
    latency_min = LEAST(r.latency_min, EXCLUDED.latency_min),
    latency_max = GREATEST(r.latency_max, EXCLUDED.latency_max),
    latency_avg = CASE WHEN r.latency_count + EXCLUDED.latency_count = 0 THEN NULL
      ELSE (COALESCE(r.latency_avg * r.latency_count, 0) + COALESCE(EXCLUDED.latency_avg * EXCLUDED.latency_count, 0))
           / (r.latency_count + EXCLUDED.latency_count) END
  RETURNING r.bucket
)
SELECT (SELECT count(*) FROM gone) AS "rolledUp",
       count(*) FILTER (WHERE bucket = 'minute') AS "minuteBuckets",
       count(*) FILTER (WHERE bucket = 'hour') AS "hourBuckets"
FROM written`;

/**
 * Folds the incident's raw results checked before `before` into minute and hour buckets and deletes them,
 * then drops its minute buckets older than keepMinutesMs before `before`; all in one transaction. Running
 * it again with the same cutoff changes nothing. Other incidents' rows are never touched.
 */
export async function rollUpResults(db: Db, incidentId: string, before: TimeInput, { keepMinutesMs = DEFAULT_KEEP_MINUTES_MS }: RollupOptions = {}): Promise<RollupSummary> {
  const cutoff = new Date(toIso(before));
  return db.transaction(async (tx) => {
    const [counts] = await tx.query<Omit<RollupSummary, "minutesPruned">>(ROLL_UP, [cutoff.toISOString(), incidentId]);
    const pruned = await tx.query<{ count: number }>(
      `WITH pruned AS (DELETE FROM probe_rollups WHERE incident_id = $2::text AND bucket = 'minute' AND bucket_start < $1::timestamptz RETURNING 1)
       SELECT count(*) AS count FROM pruned`,
      [new Date(cutoff.getTime() - keepMinutesMs).toISOString(), incidentId],
    );
    return {
      rolledUp: counts?.rolledUp ?? 0,
      minuteBuckets: counts?.minuteBuckets ?? 0,
      hourBuckets: counts?.hourBuckets ?? 0,
      minutesPruned: pruned[0]?.count ?? 0,
    };
  });
}

/** Options of listRollups: one bucket size, buckets starting at or after since, optionally one location. */
export interface ListRollupsOptions {
  bucket: RollupBucket;
  since?: TimeInput;
  location?: string;
}

/** A component's rollups, oldest first (chart order), across locations unless one is given. */
export async function listRollups(db: DbQuery, incidentId: string, componentId: string, { bucket, since, location }: ListRollupsOptions): Promise<ProbeRollupRow[]> {
  const rows = await db.query<ProbeRollupRow>(
    `SELECT component_id AS "componentId", location, bucket, bucket_start AS "bucketStart", count, ok_count AS "okCount",
            latency_count AS "latencyCount", latency_min AS "latencyMinMs", latency_avg AS "latencyAvgMs", latency_max AS "latencyMaxMs"
     FROM probe_rollups
     WHERE incident_id = $5::text AND component_id = $1 AND bucket = $2 AND ($3::timestamptz IS NULL OR bucket_start >= $3::timestamptz)
       AND ($4::text IS NULL OR location = $4::text)
     ORDER BY bucket_start, location`,
    [componentId, bucket, since === undefined ? null : toIso(since), location ?? null, incidentId],
  );
  return rows.map((row) => ({ ...row, bucketStart: toIso(row.bucketStart) }));
}

// Raw rows (inside the retention window) are bucketed on the fly and merged with the rollups (beyond it);
// a bucket cut in two by the retention cutoff is summed, its average weighted by latency counts. The first
// bucket's start is written out as an expression of the parameters, not read from a CTE: the planner then
// knows the time bound and walks this component's index. Behind a CTE it guessed, and scanned every
// component's rows in the range (12 h of minute buckets: 177 ms instead of 18 ms at 780k rows).
const FIRST_BUCKET = `date_trunc($2::text, $3::timestamptz AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'`;
const HISTORY = `
WITH raw AS (
  SELECT location, date_trunc($2::text, checked_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS bucket_start,
         count(*) AS count, count(*) FILTER (WHERE ok) AS ok_count, count(latency_ms) AS latency_count,
         min(latency_ms) AS latency_min, avg(latency_ms) AS latency_avg, max(latency_ms) AS latency_max
  FROM probe_results
  WHERE incident_id = $4::text AND component_id = $1::text AND checked_at >= ${FIRST_BUCKET}
  GROUP BY 1, 2
), rolled AS (
  SELECT location, bucket_start, count, ok_count, latency_count, latency_min, latency_avg, latency_max
  FROM probe_rollups
  WHERE incident_id = $4::text AND component_id = $1::text AND bucket = $2::text AND bucket_start >= ${FIRST_BUCKET}
), merged AS (
  SELECT * FROM raw UNION ALL SELECT * FROM rolled
)
SELECT location, bucket_start AS "bucketStart", sum(count)::int8 AS count, sum(ok_count)::int8 AS "okCount",
       min(latency_min) AS "latencyMinMs", max(latency_max) AS "latencyMaxMs",
       sum(latency_avg * latency_count) / NULLIF(sum(latency_count) FILTER (WHERE latency_avg IS NOT NULL), 0) AS "latencyAvgMs"
FROM merged
GROUP BY location, bucket_start
ORDER BY bucket_start, location`;

/** A component's results in minute or hour buckets from the one holding `since`, oldest first: what a whole-incident chart draws. */
export async function componentHistory(db: DbQuery, incidentId: string, componentId: string, { bucket, since }: { bucket: RollupBucket; since: TimeInput }): Promise<HistoryBucketView[]> {
  const rows = await db.query<HistoryBucketView>(HISTORY, [componentId, bucket, toIso(since), incidentId]);
  return rows.map((row) => ({ ...row, bucketStart: toIso(row.bucketStart), count: Number(row.count), okCount: Number(row.okCount) }));
}
