// The post-incident report at incident length, on the machine's PostgreSQL (BENCH_ONLY=report): an incident
// of 12 h at 2,000 components × 10 s, stored as retention leaves it, then the report in md and json (time,
// heap and RSS), and GET /api/incidents' list with 50 incidents (lib/report/archive.ts): the first list,
// which summarises all 50 (the 12 h one included) and stores the summaries; the list once they are stored;
// and the list after a new transition of the 12 h incident, run as the live one (its summary is redone).
//
// What is seeded (in SQL, generate_series): the report reads transitions, the timeline, criterion states,
// test runs and records, never raw results, so those are seeded at full length: 8 transitions per
// component over the 12 h (16,000) with their timeline entries, 144 human notes (one per 5 min), phase and
// state entries, 20 criteria with evidence, 2 suites × 24 runs, 3 handback records. Beside them, what
// retention leaves of the results: hour rollups for 12 h (24,000 rows) and the raw 10 minutes (120,000
// rows), so the tables the report does not read have realistic sizes. 49 more incidents fill the archive.
import { performance } from "node:perf_hooks";
import { insertTransition, openDb, upsertIncident, type Db } from "@/lib/db";
import { renderReport } from "@/lib/report";
import { readArchive } from "@/lib/report/archive";
import type { ReportDefinition } from "@/lib/report/definition";
import { createPostgresTarget } from "../support/db-targets";
import { percentile, round } from "./stats";

const INCIDENT = "BENCH-12H";
const COMPONENTS = 2_000;
const HOURS = 12;
const RUNS = 5;
const MB = 1024 * 1024;

function definition(): ReportDefinition {
  const components = Array.from({ length: COMPONENTS }, (_, i) => ({ id: `c${i}`, name: `Component ${i}`, dependsOn: i % 100 === 0 ? [] : [`c${i - (i % 100)}`] }));
  const segments = Array.from({ length: 20 }, (_, i) => ({ id: `s${i}`, name: `Segment ${i}`, arr: 25_000 * (i + 1), exposure: 0.5, dependsOn: [`c${i * 100 + 7}`] }));
  return {
    phases: ["triage", "repair", "validate", "handback"].map((id, i) => ({ id, name: id, owner: "infra", estimateMinMs: (i + 1) * 3_600_000, estimateMaxMs: (i + 2) * 3_600_000 })),
    impact: { currency: "USD", segments, functions: [{ id: "login", name: "Login", dependsOn: ["c0"] }] },
    components,
    criteria: Array.from({ length: 20 }, (_, i) => ({ id: `k${i}`, title: `Criterion ${i}`, owner: "infra" })),
  };
}

async function seed(db: Db, start: number): Promise<void> {
  const p = [INCIDENT, COMPONENTS, new Date(start).toISOString()];
  await upsertIncident(db, { id: INCIDENT, title: "Twelve hours", severity: "P1", startedAt: new Date(start), definition: { ...definition() } });
  await db.query(`INSERT INTO incident_state (incident_id, state) VALUES ($1, 'handed_back')`, [INCIDENT]);
  // 8 transitions per component, spread over the 12 h, each with its timeline entry.
  await db.query(
    `INSERT INTO component_transitions (incident_id, component_id, location, from_status, to_status, at)
     SELECT $1::text, 'c' || (g % $2::int), 'default', CASE WHEN (g / $2::int) % 2 = 0 THEN 'operational' ELSE 'down' END,
            CASE WHEN (g / $2::int) % 2 = 0 THEN 'down' ELSE 'operational' END,
            $3::timestamptz + ((g / $2::int) * 90 + (g % 60)) * interval '1 minute'
     FROM generate_series(0, $2::int * 8 - 1) g`,
    p,
  );
  await db.query(
    `INSERT INTO timeline_events (incident_id, at, type, actor, text, data)
     SELECT $1::text, at, 'transition', 'probe', component_id || ': ' || from_status || ' → ' || to_status, jsonb_build_object('componentId', component_id)
     FROM component_transitions WHERE incident_id = $1::text ORDER BY at`,
    [INCIDENT],
  );
  await db.query(
    `INSERT INTO timeline_events (incident_id, at, type, team, actor, text)
     SELECT $1::text, $3::timestamptz + g * interval '5 minutes', CASE WHEN g % 3 = 0 THEN 'update' ELSE 'note' END, 'infra', 'oncall', 'status update ' || g
     FROM generate_series(0, 143) g CROSS JOIN (SELECT $2::int) AS unused(n)`,
    p,
  );
  await db.query(
    `INSERT INTO criterion_states (incident_id, criterion_id, state, evidence)
     SELECT $1::text, 'k' || g, 'met', jsonb_build_object('summary', 'last 5 results pass', 'components',
            jsonb_build_array(jsonb_build_object('results', (SELECT jsonb_agg(jsonb_build_object('resultId', g * 10 + r)) FROM generate_series(1, 5) r))))
     FROM generate_series(0, 19) g`,
    [INCIDENT],
  );
  await db.query(
    `INSERT INTO test_runs (incident_id, suite_id, received_at, tests, passed, failed, skipped, pass_rate)
     SELECT $1::text, 'suite-' || (g % 2), $2::timestamptz + g * interval '15 minutes', 28, 20 + g % 9, 8 - g % 9, 0, (20 + g % 9) * 100.0 / 28
     FROM generate_series(0, 47) g`,
    [INCIDENT, new Date(start).toISOString()],
  );
  await db.query(
    `INSERT INTO probe_rollups (incident_id, component_id, location, bucket, bucket_start, count, ok_count, latency_count, latency_min, latency_avg, latency_max)
     SELECT $1::text, 'c' || c, 'default', 'hour', $3::timestamptz + h * interval '1 hour', 360, 350, 360, 5, 20, 80
     FROM generate_series(0, $2::int - 1) c CROSS JOIN generate_series(0, ${HOURS - 1}) h`,
    p,
  );
  await db.query(
    `INSERT INTO probe_results (incident_id, component_id, location, checked_at, ok, status, latency_ms, observations)
     SELECT $1::text, 'c' || (g % $2::int), 'default', $3::timestamptz + interval '${HOURS} hours' - (g / $2::int) * interval '10 seconds', true, 'operational', 20, '{"STATUS":200}'::jsonb
     FROM generate_series(0, $2::int * 60 - 1) g`,
    p,
  );
  for (let i = 1; i < 50; i++) {
    await upsertIncident(db, { id: `PAST-${i}`, title: `Past incident ${i}`, severity: "P2", startedAt: new Date(start - i * 86_400_000) });
    await db.query(`INSERT INTO incident_state (incident_id, state) VALUES ($1, 'resolved')`, [`PAST-${i}`]);
  }
  await db.exec("ANALYZE");
}

/** Median and worst of RUNS timed calls after a warm-up, with the heap and RSS growth of the worst call. */
async function measure(run: () => Promise<unknown>) {
  await run();
  const times: number[] = [];
  let heapMb = 0;
  let rssMb = 0;
  for (let i = 0; i < RUNS; i++) {
    const [heap, rss] = [process.memoryUsage().heapUsed, process.memoryUsage().rss];
    const started = performance.now();
    const out = await run();
    times.push(performance.now() - started);
    heapMb = Math.max(heapMb, (process.memoryUsage().heapUsed - heap) / MB);
    rssMb = Math.max(rssMb, (process.memoryUsage().rss - rss) / MB);
    void out;
  }
  return { p50Ms: round(percentile(times, 50)), maxMs: round(Math.max(...times)), heapGrowthMbMax: round(heapMb), rssGrowthMbMax: round(rssMb) };
}

/** Runs the report bench on a scratch PostgreSQL database. */
export async function benchReport() {
  const adminUrl = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
  const target = await createPostgresTarget(adminUrl);
  const db = await openDb(target.options);
  try {
    const start = Date.parse("2025-09-16T00:00:00Z");
    const seedStarted = performance.now();
    await seed(db, start);
    const seedMs = round(performance.now() - seedStarted);
    let mdBytes = 0;
    let jsonBytes = 0;
    const md = await measure(async () => (mdBytes = (await renderReport(db, INCIDENT, "md")).length));
    const json = await measure(async () => (jsonBytes = (await renderReport(db, INCIDENT, "json")).length));
    const live = { incidentId: INCIDENT, now: new Date(start + HOURS * 3_600_000) };
    const firstStarted = performance.now();
    await readArchive(db, live);
    const firstListMs = round(performance.now() - firstStarted);
    const incidents = await measure(() => readArchive(db, live));
    let minute = 0;
    const liveChanged = await measure(async () => {
      await insertTransition(db, INCIDENT, { componentId: "c7", fromStatus: "operational", toStatus: "down", at: new Date(start + HOURS * 3_600_000 + ++minute * 60_000) });
      return readArchive(db, live);
    });
    return {
      seeded: { components: COMPONENTS, hours: HOURS, transitions: COMPONENTS * 8, timelineEntries: COMPONENTS * 8 + 144, hourRollups: COMPONENTS * HOURS, rawResults: COMPONENTS * 60, incidents: 50, seedMs },
      reportMd: { ...md, bytes: mdBytes },
      reportJson: { ...json, bytes: jsonBytes },
      incidentsList: { firstListMs, stored: incidents, afterLiveTransition: liveChanged },
      rssMb: round(process.memoryUsage().rss / MB),
    };
  } finally {
    await db.close();
    await target.cleanup();
  }
}
