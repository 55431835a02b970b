import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  appendTimeline, currentSignoffs, getCriterionStates, getIncidentState, insertResults,
  insertTestRun, insertTransition, latestResults, latestTestRuns, listResults, listTestRuns, listTimeline,
  listTransitions, migrate, openDb, readMigrations, recordSignoff, setIncidentState, StorageError,
  upsertCriterionState, type Db, type DbKind, type NewProbeResult,
} from "@/lib/db";
import { shapeOf, storageBackends, type DbTarget } from "@/tests/support/db-targets";
import { requireService } from "@/tests/support/services";

/** The incident these rows belong to (every db function takes one, migration 012). */
const INCIDENT = "INC-TEST";

const postgres = await requireService("PostgreSQL", "TEST_DATABASE_URL");

const backends = storageBackends(postgres);

// Row shapes seen per backend, compared once both suites have run.
const shapes = new Map<DbKind, Record<string, unknown>>();
const T0 = Date.parse("2025-09-16T08:00:00.000Z");
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describe.each(backends)("storage on $title", (backend) => {
  const test = it.skipIf(backend.skipReason !== null);
  let target: DbTarget | undefined;
  let db: Db;
  const seen: Record<string, unknown> = {};
  shapes.set(backend.kind, seen);
  const record = (label: string, row: object | undefined) => (seen[label] = row === undefined ? undefined : shapeOf(row));

  beforeAll(async () => {
    if (backend.skipReason) return;
    target = await backend.createTarget();
    const started = performance.now();
    db = await openDb(target.options);
    console.info(`[db] ${backend.kind}: first open + migrate ${Math.round(performance.now() - started)} ms`);
  });
  afterAll(async () => {
    await db?.close();
    await target?.cleanup();
  });

  test("applies every migration once; a second run applies nothing", async () => {
    expect(db.kind).toBe(backend.kind);
    expect(await migrate(db)).toEqual([]);
    const rows = await db.query<{ version: number; n: number }>(
      "SELECT version, count(*) AS n FROM schema_migrations GROUP BY version ORDER BY version",
    );
    const files = await readMigrations();
    expect(rows).toEqual(files.map((m) => ({ version: m.version, n: 1 })));
  });

  test("round-trips probe results, newest first, filtered by location", async () => {
    const full: NewProbeResult = {
      componentId: "api", location: "eu", checkedAt: at(1), ok: false, status: "down", latencyMs: 12.5,
      errorCode: "TIMEOUT", errorMessage: "no answer", observations: { STATUS: 503, BODY: { a: [1] } },
      phases: { dns: 1, connect: 2.5 }, outcomes: [{ condition: "[STATUS] == 200", success: false, actual: 503 }], slot: 7,
    };
    const ids = await insertResults(db, INCIDENT, [full, { componentId: "api", checkedAt: new Date(at(0)), ok: true }]);
    const rows = await listResults(db, INCIDENT, "api");
    expect(rows).toEqual([
      { ...full, id: ids[0], checkedAt: at(1) },
      { id: ids[1], componentId: "api", location: "default", checkedAt: at(0), ok: true, status: null, latencyMs: null,
        errorCode: null, errorMessage: null, observations: {}, phases: null, outcomes: null, slot: null },
    ]);
    expect(await listResults(db, INCIDENT, "api", { location: "default" })).toHaveLength(1);
    expect(await listResults(db, INCIDENT, "api", { limit: 1 })).toEqual([rows[0]]);
    record("result", rows[0]);
    record("result-minimal", rows[1]);
  });

  test("inserts 2,000 results in one call, ids in input order", async () => {
    const batch = Array.from({ length: 2_000 }, (_, i) => ({ componentId: "bulk", checkedAt: at(i), ok: i % 2 === 0 }));
    const started = performance.now();
    const ids = await insertResults(db, INCIDENT, batch);
    console.info(`[db] ${backend.kind}: 2,000 results in ${Math.round(performance.now() - started)} ms`);
    expect(ids).toHaveLength(2_000);
    expect(ids.every((id, i) => i === 0 || id > (ids[i - 1] ?? 0))).toBe(true);
    const [count] = await db.query<{ n: number }>("SELECT count(*) AS n FROM probe_results WHERE component_id = 'bulk'");
    expect(count).toEqual({ n: 2_000 });
    expect((await listResults(db, INCIDENT, "bulk", { limit: 1 }))[0]?.checkedAt).toBe(at(1_999));
  });

  test("returns the latest result per component and location", async () => {
    await insertResults(db, INCIDENT, [
      { componentId: "lat-a", checkedAt: at(5), ok: true },
      { componentId: "lat-a", checkedAt: at(9), ok: false },
      { componentId: "lat-a", location: "us", checkedAt: at(3), ok: true },
      { componentId: "lat-b", checkedAt: at(4), ok: true },
    ]);
    const latest = (await latestResults(db, INCIDENT)).filter((r) => r.componentId.startsWith("lat-"));
    expect(latest.map((r) => [r.componentId, r.location, r.checkedAt, r.ok])).toEqual([
      ["lat-a", "default", at(9), false],
      ["lat-a", "us", at(3), true],
      ["lat-b", "default", at(4), true],
    ]);
  });

  test("latest results leave the evidence out but keep a numeric certificate expiry", async () => {
    await insertResults(db, INCIDENT, [
      { componentId: "lean-tls", checkedAt: at(1), ok: true, observations: { CERTIFICATE_EXPIRATION: 86_400_000, BODY: "x".repeat(2_048) }, outcomes: [{ ok: true }] },
      { componentId: "lean-odd", checkedAt: at(1), ok: true, observations: { CERTIFICATE_EXPIRATION: "soon" } },
    ]);
    const latest = (await latestResults(db, INCIDENT)).filter((r) => r.componentId.startsWith("lean-"));
    expect(latest.map((r) => [r.componentId, r.certificateExpiration])).toEqual([
      ["lean-odd", null],
      ["lean-tls", 86_400_000],
    ]);
    expect(latest[1]).not.toHaveProperty("observations");
    expect(latest[1]).not.toHaveProperty("outcomes");
  });

  test("refuses a second result for a taken slot", async () => {
    await insertResults(db, INCIDENT, [{ componentId: "slot", checkedAt: at(0), ok: true, slot: 1 }]);
    const error = await insertResults(db, INCIDENT, [{ componentId: "slot", checkedAt: at(1), ok: true, slot: 1 }]).catch((e) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect(error).toMatchObject({ code: "CONFLICT", sqlState: "23505" });
  });

  test("records transitions", async () => {
    const first = await insertTransition(db, INCIDENT, { componentId: "api", fromStatus: null, toStatus: "down", at: at(1), resultId: 1, reason: "2 failures" });
    await insertTransition(db, INCIDENT, { componentId: "api", fromStatus: "down", toStatus: "operational", at: at(2) });
    await insertTransition(db, INCIDENT, { componentId: "db", location: "eu", fromStatus: "unknown", toStatus: "degraded" });
    expect(first).toEqual({ id: expect.any(Number), componentId: "api", location: "default", fromStatus: null, toStatus: "down", at: at(1), resultId: 1, reason: "2 failures" });
    expect((await listTransitions(db, INCIDENT, "api")).map((t) => t.toStatus)).toEqual(["operational", "down"]);
    expect(await listTransitions(db, INCIDENT)).toHaveLength(3);
    record("transition", first);
  });

  test("timeline ids increase strictly and afterId replays exactly the later events", async () => {
    const events = [];
    for (const [i, type] of (["update", "note", "signoff", "update", "test-run"] as const).entries()) {
      events.push(await appendTimeline(db, INCIDENT, { type, text: `event ${i}`, team: i % 2 ? "dev" : "infra", actor: "ana", data: i ? { i } : null }));
    }
    const ids = events.map((e) => e.id);
    expect(ids.every((id, i) => i === 0 || id > (ids[i - 1] ?? 0))).toBe(true);
    expect(events[0]).toEqual({ id: ids[0], at: expect.stringMatching(ISO), type: "update", team: "infra", actor: "ana", text: "event 0", data: null });
    expect(await listTimeline(db, INCIDENT, { afterId: ids[1] })).toEqual(events.slice(2));
    expect(await listTimeline(db, INCIDENT, { afterId: ids[4] })).toEqual([]);
    expect(await listTimeline(db, INCIDENT, { limit: 2 })).toEqual([events[4], events[3]]);
    expect((await listTimeline(db, INCIDENT, { types: ["update"] })).map((e) => e.text)).toEqual(["event 3", "event 0"]);
    expect((await listTimeline(db, INCIDENT, { team: "dev", afterId: 0 })).map((e) => e.text)).toEqual(["event 1", "event 3"]);
    const burst = await Promise.all(Array.from({ length: 20 }, (_, i) => appendTimeline(db, INCIDENT, { type: "note", text: `burst ${i}` })));
    expect(new Set(burst.map((e) => e.id)).size).toBe(20);
    expect(await listTimeline(db, INCIDENT, { afterId: ids[4], limit: 100 })).toHaveLength(20);
    record("timeline", events[1]);
  });

  test("an append waits for an earlier uncommitted append, so replay never skips an id", async () => {
    const order: string[] = [];
    let slowId = 0;
    const slow = db.transaction(async (tx) => {
      slowId = (await appendTimeline(tx, INCIDENT, { type: "note", text: "slow" })).id;
      await sleep(150);
      order.push("slow commits");
    });
    await sleep(30);
    const fast = await appendTimeline(db, INCIDENT, { type: "note", text: "fast" });
    order.push("fast appended");
    await slow;
    expect(order).toEqual(["slow commits", "fast appended"]);
    expect(fast.id).toBeGreaterThan(slowId);
  });

  test("stores test runs, lists history and the latest per suite", async () => {
    const failures = [{ name: "login works", classname: "golden", message: "expected 200" }];
    const old = await insertTestRun(db, INCIDENT, { suiteId: "validation", receivedAt: at(0), tests: 10, passed: 7, failed: 2, skipped: 1, passRate: 77.8, failures });
    const latest = await insertTestRun(db, INCIDENT, { suiteId: "validation", tests: 10, passed: 9, failed: 0, skipped: 1, errors: 0, passRate: 100, durationMs: 1234.5, actor: "ci", source: "junit" });
    await insertTestRun(db, INCIDENT, { suiteId: "unit", tests: 0, passed: 0, failed: 0, skipped: 0, passRate: null });
    expect(old).toMatchObject({ suiteId: "validation", receivedAt: at(0), tests: 10, errors: 0, passRate: 77.8, durationMs: null, failures });
    expect(await listTestRuns(db, INCIDENT, "validation", 10)).toEqual([latest, old]);
    expect((await latestTestRuns(db, INCIDENT)).map((r) => [r.suiteId, r.id])).toEqual([["unit", latest.id + 1], ["validation", latest.id]]);
    record("test-run", old);
  });

  test("sign-off log: sign, then revoke, then the current state is the revoke", async () => {
    await recordSignoff(db, INCIDENT, { criterionId: "golden-path", team: "dev", actor: "ana", action: "sign", at: at(1) });
    await recordSignoff(db, INCIDENT, { criterionId: "other", team: "infra", actor: "bo", action: "sign" });
    const revoke = await recordSignoff(db, INCIDENT, { criterionId: "golden-path", team: "dev", actor: "cy", action: "revoke", at: at(0) });
    expect(revoke).toEqual({ id: expect.any(Number), criterionId: "golden-path", team: "dev", actor: "cy", action: "revoke", at: at(0), note: null, link: null });
    expect((await currentSignoffs(db, INCIDENT)).map((s) => [s.criterionId, s.action, s.actor])).toEqual([
      ["golden-path", "revoke", "cy"],
      ["other", "sign", "bo"],
    ]);
    record("signoff", revoke);
  });

  test("incident state and criterion states upsert", async () => {
    expect(await getIncidentState(db, "ISSUE-1278")).toBeNull();
    await setIncidentState(db, { incidentId: "ISSUE-1278", state: "investigating", updatedAt: at(0) });
    const next = await setIncidentState(db, { incidentId: "ISSUE-1278", state: "remediating", actor: "dev", reason: "TLS still failing", updatedAt: at(5) });
    expect(await getIncidentState(db, "ISSUE-1278")).toEqual(next);
    expect(next).toEqual({ incidentId: "ISSUE-1278", state: "remediating", updatedAt: at(5), actor: "dev", reason: "TLS still failing" });
    await upsertCriterionState(db, INCIDENT, { criterionId: "health-200", state: "met", changedAt: at(1), evidence: { results: [1, 2] } });
    const same = await upsertCriterionState(db, INCIDENT, { criterionId: "health-200", state: "met", changedAt: at(2), evidence: { results: [3] } });
    expect(same).toEqual({ criterionId: "health-200", state: "met", changedAt: at(1), evidence: { results: [3] } });
    await upsertCriterionState(db, INCIDENT, { criterionId: "health-200", state: "unmet", changedAt: at(3) });
    expect(await getCriterionStates(db, INCIDENT)).toEqual([{ criterionId: "health-200", state: "unmet", changedAt: at(3), evidence: null }]);
    record("incident", next);
    record("criterion", same);
  });

  test("transactions commit, roll back, and do not swallow concurrent writes", async () => {
    expect(await db.transaction(async (tx) => (await tx.query<{ v: number }>("SELECT 41 + 1 AS v"))[0]?.v)).toBe(42);
    const boom = new Error("boom");
    const failing = db.transaction(async (tx) => {
      await appendTimeline(tx, INCIDENT, { type: "note", text: "rolled back" });
      await sleep(50);
      throw boom;
    });
    const outside = setIncidentState(db, { incidentId: "tx-outside", state: "validating" });
    await expect(failing).rejects.toBe(boom);
    await outside;
    expect((await listTimeline(db, INCIDENT, { limit: 500 })).some((e) => e.text === "rolled back")).toBe(false);
    expect(await getIncidentState(db, "tx-outside")).toMatchObject({ state: "validating" });
  });

  test("SQL errors are StorageErrors with a SQLSTATE", async () => {
    const error = await db.query("SELECT * FROM no_such_table").catch((e) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect(error).toMatchObject({ code: "QUERY_FAILED", sqlState: "42P01" });
    await db.ping();
  });

  test("data survives close and reopen", async () => {
    await db.close();
    const started = performance.now();
    db = await openDb((target as DbTarget).options);
    console.info(`[db] ${backend.kind}: reopen + migrate ${Math.round(performance.now() - started)} ms`);
    expect(await getIncidentState(db, "ISSUE-1278")).toMatchObject({ state: "remediating" });
    expect(await listResults(db, INCIDENT, "bulk", { limit: 5 })).toHaveLength(5);
    expect(await db.query("SELECT version FROM schema_migrations")).toHaveLength((await readMigrations()).length);
  });

  // PostgreSQL only: a PGlite data dir belongs to one process, so two instances never share it.
  it.runIf(backend.kind === "postgres" && backend.skipReason === null)("two instances starting at once migrate once", async () => {
    const fresh = await backend.createTarget();
    try {
      const [a, b] = await Promise.all([openDb(fresh.options), openDb(fresh.options)]);
      expect(await a.query("SELECT version FROM schema_migrations")).toHaveLength((await readMigrations()).length);
      await Promise.all([a.close(), b.close()]);
    } finally {
      await fresh.cleanup();
    }
  });
});

describe("row shapes", () => {
  it.skipIf(postgres.skipReason !== null)("are identical on PGlite and PostgreSQL", () => {
    expect(Object.keys(shapes.get("pglite") ?? {})).toHaveLength(8);
    expect(shapes.get("postgres")).toEqual(shapes.get("pglite"));
  });
});
