import { describe, expect, it } from "vitest";
import { insertResults, latestResults, listResults, type Db, type NewProbeResult } from "@/lib/db";
import { componentHistory, listRollups, rollUpResults } from "@/lib/db/rollups";
import { storageBackends } from "@/tests/support/db-targets";
import { useSuiteStore } from "@/tests/support/suite-store";
import { requireService } from "@/tests/support/services";

/** The incident these rows belong to (every db function takes one, migration 012). */
const INCIDENT = "INC-TEST";

// Retention rollups on both backends: the same SQL, the same rows.

const postgres = await requireService("PostgreSQL", "TEST_DATABASE_URL");

const backends = storageBackends(postgres);

const T0 = Date.parse("2025-09-16T08:00:00.000Z");
const at = (minutes: number, seconds = 0) => new Date(T0 + minutes * 60_000 + seconds * 1000).toISOString();
const result = (componentId: string, checkedAt: string, ok: boolean, latencyMs: number | null, location = "default"): NewProbeResult =>
  ({ componentId, location, checkedAt, ok, status: ok ? "operational" : "down", latencyMs });
const bucketsOf = async (db: Db, componentId: string, bucket: "minute" | "hour") =>
  (await listRollups(db, INCIDENT, componentId, { bucket })).map((r) => ({ start: r.bucketStart, count: r.count, ok: r.okCount, min: r.latencyMinMs, avg: r.latencyAvgMs, max: r.latencyMaxMs }));

describe.each(backends)("rollups on $title", (backend) => {
  const test = it.skipIf(backend.skipReason !== null);
  const store = useSuiteStore(backend);

  test("folds old raw results into minute and hour buckets, deletes them, keeps the newest row and latestResults", async () => {
    const db = store.db();
    await insertResults(db, INCIDENT, [
      result("api", at(0, 0), true, 10), result("api", at(0, 20), false, null), result("api", at(0, 40), true, 30),
      result("api", at(1, 5), true, 50), result("api", at(61), false, 70), result("api", at(200), true, 5),
    ]);
    const latestBefore = await latestResults(db, INCIDENT);
    const summary = await rollUpResults(db, INCIDENT, at(150));
    expect(summary).toEqual({ rolledUp: 5, minuteBuckets: 3, hourBuckets: 2, minutesPruned: 0 });
    expect(await bucketsOf(db, "api", "minute")).toEqual([
      { start: at(0), count: 3, ok: 2, min: 10, avg: 20, max: 30 },
      { start: at(1), count: 1, ok: 1, min: 50, avg: 50, max: 50 },
      { start: at(61), count: 1, ok: 0, min: 70, avg: 70, max: 70 },
    ]);
    expect(await bucketsOf(db, "api", "hour")).toEqual([
      { start: at(0), count: 4, ok: 3, min: 10, avg: 30, max: 50 },
      { start: at(60), count: 1, ok: 0, min: 70, avg: 70, max: 70 },
    ]);
    expect((await listResults(db, INCIDENT, "api")).map((r) => r.checkedAt)).toEqual([at(200)]);
    expect(await latestResults(db, INCIDENT)).toEqual(latestBefore);
  });

  test("is idempotent: a second pass with the same cutoff changes nothing", async () => {
    const db = store.db();
    const before = { minute: await bucketsOf(db, "api", "minute"), hour: await bucketsOf(db, "api", "hour") };
    expect(await rollUpResults(db, INCIDENT, at(150))).toEqual({ rolledUp: 0, minuteBuckets: 0, hourBuckets: 0, minutesPruned: 0 });
    expect({ minute: await bucketsOf(db, "api", "minute"), hour: await bucketsOf(db, "api", "hour") }).toEqual(before);
  });

  test("combines a bucket rolled up in two passes, weighting the average by latency samples", async () => {
    const db = store.db();
    await insertResults(db, INCIDENT, [
      result("split", at(300, 10), true, 10), result("split", at(300, 40), true, 40), result("split", at(300, 50), false, 70),
      result("split", at(300, 55), false, null), result("split", at(400), true, 1),
    ]);
    expect((await rollUpResults(db, INCIDENT, at(300, 30))).rolledUp).toBe(1);
    expect((await rollUpResults(db, INCIDENT, at(301))).rolledUp).toBe(3);
    const expected = { start: at(300), count: 4, ok: 2, min: 10, avg: 40, max: 70 };
    expect(await bucketsOf(db, "split", "minute")).toEqual([expected]);
    expect(await bucketsOf(db, "split", "hour")).toEqual([{ ...expected, start: at(300) }]);
  });

  test("never deletes the only (newest) result of a component × location, however old", async () => {
    const db = store.db();
    await insertResults(db, INCIDENT, [result("lonely", at(0), true, 3), result("lonely", at(0), true, 4, "eu"), result("lonely", at(1), true, 5, "eu")]);
    const latestBefore = await latestResults(db, INCIDENT);
    // Only lonely@eu at(0) goes: every other component × location is down to its newest row already.
    expect((await rollUpResults(db, INCIDENT, at(100_000))).rolledUp).toBe(1);
    expect((await listResults(db, INCIDENT, "lonely")).map((r) => [r.location, r.checkedAt])).toEqual([["eu", at(1)], ["default", at(0)]]);
    expect(await latestResults(db, INCIDENT)).toEqual(latestBefore);
  });

  test("drops minute buckets past keepMinutesMs and keeps their hours; lists by since and location", async () => {
    const db = store.db();
    await insertResults(db, INCIDENT, [result("geo", at(0), true, 8, "eu"), result("geo", at(0, 30), true, 12, "us"), result("geo", at(90), true, 1, "eu"),
      result("geo", at(90), true, 1, "us"), result("geo", at(120), true, 1, "eu"), result("geo", at(120), true, 1, "us")]);
    const summary = await rollUpResults(db, INCIDENT, at(100), { keepMinutesMs: 30 * 60_000 });
    expect(summary.rolledUp).toBe(4);
    expect(summary.minutesPruned).toBeGreaterThan(0);
    expect(await listRollups(db, INCIDENT, "geo", { bucket: "minute" })).toEqual([
      expect.objectContaining({ location: "eu", bucketStart: at(90), count: 1 }),
      expect.objectContaining({ location: "us", bucketStart: at(90), count: 1 }),
    ]);
    expect((await listRollups(db, INCIDENT, "geo", { bucket: "hour", location: "us" })).map((r) => [r.bucketStart, r.count])).toEqual([[at(0), 1], [at(60), 1]]);
    expect((await listRollups(db, INCIDENT, "geo", { bucket: "hour", since: at(60) })).map((r) => r.location)).toEqual(["eu", "us"]);
  });

  test("history merges rolled-up buckets with raw results bucketed on the fly, across the retention cutoff", async () => {
    const db = store.db();
    await insertResults(db, INCIDENT, [
      result("hist", at(500, 0), true, 10), result("hist", at(500, 20), true, 30), result("hist", at(500, 40), false, null),
      result("hist", at(501, 0), true, 50), result("hist", at(501, 30), true, 70), result("hist", at(502), true, 90, "eu"),
    ]);
    const before = await componentHistory(db, INCIDENT, "hist", { bucket: "minute", since: at(0) });
    // Rolling up part of minute 500 and all of it, then part of 501, changes no bucket of the history.
    await rollUpResults(db, INCIDENT, at(500, 10));
    expect(await componentHistory(db, INCIDENT, "hist", { bucket: "minute", since: at(0) })).toEqual(before);
    await rollUpResults(db, INCIDENT, at(501, 10));
    const history = await componentHistory(db, INCIDENT, "hist", { bucket: "minute", since: at(0) });
    expect(history).toEqual(before);
    expect(history).toEqual([
      { location: "default", bucketStart: at(500), count: 3, okCount: 2, latencyMinMs: 10, latencyAvgMs: 20, latencyMaxMs: 30 },
      { location: "default", bucketStart: at(501), count: 2, okCount: 2, latencyMinMs: 50, latencyAvgMs: 60, latencyMaxMs: 70 },
      { location: "eu", bucketStart: at(502), count: 1, okCount: 1, latencyMinMs: 90, latencyAvgMs: 90, latencyMaxMs: 90 },
    ]);
    const hours = await componentHistory(db, INCIDENT, "hist", { bucket: "hour", since: at(480) });
    expect(hours.map((row) => [row.location, row.bucketStart, row.count, row.latencyAvgMs])).toEqual([["default", at(480), 5, 40], ["eu", at(480), 1, 90]]);
    // The bucket holding `since` counts whole, whether its rows are raw or rolled up.
    expect(await componentHistory(db, INCIDENT, "hist", { bucket: "minute", since: at(501, 30) })).toEqual(history.slice(1));
  });
});
