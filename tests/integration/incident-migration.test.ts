import { cp, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  getCriterionStates, insertResults, latestResults, listIncidents, listResults, listTimeline, migrate, migrationsDir, openDb, upsertCriterionState,
  upsertIncident,
} from "@/lib/db";
import { listRollups, rollUpResults } from "@/lib/db/rollups";
import { storageBackends } from "@/tests/support/db-targets";
import { requireService } from "@/tests/support/services";

// Migration 012 (docs/incidents.md): a store written by main before incidents existed (migrations 001–011)
// upgrades without losing a row, every row then naming the store's one incident; afterwards a second
// incident's rows live beside the first's and retention of one never touches the other.

const postgres = await requireService("PostgreSQL", "TEST_DATABASE_URL");
const LEGACY = "ISSUE-1278";

/** A folder holding migrations 001–011 only: the schema of today's main. */
async function oldMigrations(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "handback-old-migrations-"));
  for (const file of await readdir(migrationsDir())) if (/^(00\d|01[01])_/.test(file)) await cp(path.join(migrationsDir(), file), path.join(dir, file));
  return dir;
}

// Rows as today's main writes them (no incident_id anywhere but incident_state and friends).
const OLD_ROWS = `
INSERT INTO incident_state (incident_id, state, updated_at) VALUES ('${LEGACY}', 'validating', '2025-09-16T10:00:00Z');
INSERT INTO incident_start (incident_id, started_at) VALUES ('${LEGACY}', '2025-09-16T07:00:00Z');
INSERT INTO probe_results (component_id, checked_at, ok, status, slot) VALUES ('api', '2025-09-16T08:00:00Z', true, 'operational', 1), ('api', '2025-09-16T08:00:10Z', false, 'down', 2);
INSERT INTO component_transitions (component_id, from_status, to_status, at) VALUES ('api', 'operational', 'down', '2025-09-16T08:00:10Z');
INSERT INTO timeline_events (type, text, data) VALUES ('phase', 'done', '{"phaseId": "repair", "action": "completed"}'), ('note', 'a note', NULL);
INSERT INTO test_runs (suite_id, tests, passed, failed, skipped) VALUES ('validation', 10, 10, 0, 0);
INSERT INTO signoffs (criterion_id, team, actor, action) VALUES ('golden-path', 'dev', 'dev-lead', 'sign');
INSERT INTO criterion_states (criterion_id, state) VALUES ('golden-path', 'met');
INSERT INTO probe_rollups (component_id, location, bucket, bucket_start, count, ok_count, latency_count) VALUES ('api', 'default', 'hour', '2025-09-16T07:00:00Z', 360, 300, 360);
INSERT INTO probe_claims (component_id, location, slot, instance) VALUES ('api', 'default', 2, 'host:1');
INSERT INTO component_states (component_id, location, status, failures, successes) VALUES ('api', 'default', 'down', 1, 0);
`;
const TABLES = ["probe_results", "component_transitions", "timeline_events", "test_runs", "signoffs", "criterion_states", "probe_rollups", "probe_claims", "component_states"];

describe.each(storageBackends(postgres))("migration 012 on $title", (backend) => {
  const test = it.skipIf(backend.skipReason !== null);
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });
  /** A store at today's main schema, closed and removed after the suite. */
  const oldStore = async () => {
    const target = await backend.createTarget();
    const old = await oldMigrations();
    cleanups.push(target.cleanup, () => rm(old, { recursive: true, force: true }));
    const db = await openDb({ ...target.options, migrationsDir: old });
    cleanups.unshift(() => db.close());
    return db;
  };

  test("a store of today's main keeps every row under its incident id, then holds a second incident beside it", async () => {
    const db = await oldStore();
    await db.exec(OLD_ROWS);
    const before = Object.fromEntries(await Promise.all(TABLES.map(async (t) => [t, (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${t}`))[0]!.n] as const)));

    expect((await migrate(db)).slice(0, 1)).toEqual([12]);
    for (const table of TABLES) {
      const rows = await db.query<{ incident_id: string; n: number }>(`SELECT incident_id, count(*)::int AS n FROM ${table} GROUP BY incident_id`);
      expect({ table, rows }).toEqual({ table, rows: [{ incident_id: LEGACY, n: before[table] }] });
    }
    expect(await listIncidents(db)).toEqual([{ id: LEGACY, title: "", severity: null, state: "validating", startedAt: "2025-09-16T07:00:00.000Z", resolvedAt: null }]);
    expect((await listTimeline(db, LEGACY)).map((e) => e.text)).toEqual(["a note", "done"]);

    // A second incident: its own rows, its own keys (the same criterion and component ids do not clash).
    await upsertIncident(db, { id: "INC-2", title: "Second", severity: "P2", startedAt: "2025-10-01T00:00:00Z" });
    await upsertCriterionState(db, "INC-2", { criterionId: "golden-path", state: "unmet" });
    await insertResults(db, "INC-2", [{ componentId: "api", checkedAt: "2025-09-16T08:00:00Z", ok: true, slot: 1 }]);
    expect((await getCriterionStates(db, LEGACY)).map((s) => s.state)).toEqual(["met"]);
    expect((await getCriterionStates(db, "INC-2")).map((s) => s.state)).toEqual(["unmet"]);
    expect((await latestResults(db, "INC-2")).map((r) => r.ok)).toEqual([true]);
    expect((await latestResults(db, LEGACY)).map((r) => r.ok)).toEqual([false]);

    // Retention of the second incident leaves the first one's raw results and rollups alone.
    await insertResults(db, "INC-2", [{ componentId: "api", checkedAt: "2025-09-16T09:00:00Z", ok: true }]);
    const summary = await rollUpResults(db, "INC-2", "2025-09-17T00:00:00Z");
    expect(summary.rolledUp).toBe(1);
    expect(await listResults(db, LEGACY, "api")).toHaveLength(2);
    expect((await listRollups(db, LEGACY, "api", { bucket: "hour" })).map((r) => r.count)).toEqual([360]);
    expect((await listIncidents(db)).map((i) => i.id)).toEqual(["INC-2", LEGACY]);
  });

  test("a store with rows but no incident id anywhere files them under 'legacy'", async () => {
    const db = await oldStore();
    await db.exec(`INSERT INTO timeline_events (type, text) VALUES ('note', 'orphan')`);
    await migrate(db);
    expect((await listTimeline(db, "legacy")).map((e) => e.text)).toEqual(["orphan"]);
    expect((await listIncidents(db)).map((i) => i.id)).toEqual(["legacy"]);
  });
});
