// Storage reads that grow with an incident's age, on the machine's PostgreSQL: the latest result of 2,000
// components after an hour of 10 s checks (what GET /api/status reads), and one component's whole-incident
// chart over 7 days of 10 s checks (GET /api/components/:id/history), before and after retention rolled
// most of it up.
import { performance } from "node:perf_hooks";
import { latestResults, openDb, type Db } from "@/lib/db";
import { componentHistory, rollUpResults } from "@/lib/db/rollups";
import { createPostgresTarget } from "../support/db-targets";
import { percentile, round } from "./stats";

/** The incident these rows belong to (every db function takes one, migration 012). */
const INCIDENT = "INC-TEST";

const COMPONENTS = 2_000;
const HOUR_OF_CHECKS = 360; // one hour at 10 s
const WEEK_OF_CHECKS = 7 * 8_640; // seven days at 10 s
const RUNS = 7;

/** Median and worst of RUNS timed calls (after one warm-up call). */
async function timeIt(run: () => Promise<unknown>): Promise<{ p50Ms: number; maxMs: number }> {
  await run();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  return { p50Ms: round(percentile(times, 50)), maxMs: round(Math.max(...times)) };
}

/** Fills the store in SQL (generate_series): per-row inserts would take minutes. */
async function seed(db: Db, now: number): Promise<void> {
  await db.query(
    `INSERT INTO probe_results (incident_id, component_id, location, checked_at, ok, status, latency_ms, observations)
     SELECT '${INCIDENT}', 'c' || (g % $1::int), 'default', to_timestamp($3::float8 / 1000) - (g / $1::int) * interval '10 seconds', g % 97 <> 0,
            'operational', 5 + g % 40, '{"STATUS":200}'::jsonb
     FROM generate_series(0, $1::int * $2::int - 1) g`,
    [COMPONENTS, HOUR_OF_CHECKS, now],
  );
  await db.query(
    `INSERT INTO probe_results (incident_id, component_id, location, checked_at, ok, status, latency_ms, observations)
     SELECT '${INCIDENT}', 'week', CASE WHEN g % 2 = 0 THEN 'default' ELSE 'eu-west' END, to_timestamp($2::float8 / 1000) - g * interval '10 seconds',
            g % 53 <> 0, 'operational', 5 + g % 40, '{"STATUS":200}'::jsonb
     FROM generate_series(0, $1::int - 1) g`,
    [WEEK_OF_CHECKS, now],
  );
  await db.query("ANALYZE probe_results");
}

/** Runs the storage read bench; skipped with a reason when no PostgreSQL answers. */
export async function benchStorageReads() {
  const adminUrl = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
  const target = await createPostgresTarget(adminUrl);
  const db = await openDb(target.options);
  try {
    const now = Date.now();
    const seedStarted = performance.now();
    await seed(db, now);
    const seedMs = round(performance.now() - seedStarted);
    const weekAgo = new Date(now - 7 * 86_400_000);
    const latest = await timeIt(() => latestResults(db, INCIDENT));
    const weekHours = await timeIt(() => componentHistory(db, INCIDENT, "week", { bucket: "hour", since: weekAgo }));
    const dayMinutes = await timeIt(() => componentHistory(db, INCIDENT, "week", { bucket: "minute", since: new Date(now - 12 * 3_600_000) }));
    const rollupStarted = performance.now();
    const rolled = await rollUpResults(db, INCIDENT, new Date(now - 86_400_000));
    const rollupMs = round(performance.now() - rollupStarted);
    const weekHoursAfterRollup = await timeIt(() => componentHistory(db, INCIDENT, "week", { bucket: "hour", since: weekAgo }));
    const buckets = (await componentHistory(db, INCIDENT, "week", { bucket: "hour", since: weekAgo })).length;
    return {
      rows: COMPONENTS * HOUR_OF_CHECKS + WEEK_OF_CHECKS,
      seedMs,
      latestResultsOf2000ComponentsAfter1h: latest,
      history7dHourBuckets: { ...weekHours, buckets },
      history12hMinuteBuckets: dayMinutes,
      retentionPass: { rolledUp: rolled.rolledUp, ms: rollupMs },
      history7dHourBucketsAfterRollup: weekHoursAfterRollup,
    };
  } finally {
    await db.close();
    await target.cleanup();
  }
}
