import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertResults, listResults, openDb, type Db } from "@/lib/db";
import { listRollups } from "@/lib/db/rollups";
import { startRetention } from "@/lib/engine/retention";
import { readEnv } from "@/lib/env";
import { createPgliteTarget, type DbTarget } from "@/tests/support/db-targets";

/** The incident these rows belong to (every db function takes one, migration 012). */
const INCIDENT = "INC-TEST";

// The retention timer on PGlite (the SQL itself is covered on both backends by db-rollups.test.ts).

const NOW = new Date("2025-09-23T08:00:00.000Z");
const DAY = 86_400_000;
const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY).toISOString();

describe("startRetention", () => {
  let target: DbTarget;
  let db: Db;
  beforeAll(async () => {
    target = await createPgliteTarget();
    db = await openDb(target.options);
  });
  afterAll(async () => {
    await db?.close();
    await target?.cleanup();
  });

  it("rolls up raw results older than keepRawMs on its first pass and on demand, joining a pass in flight", async () => {
    await insertResults(db, INCIDENT, [8, 7.5, 6, 1].map((days) => ({ componentId: "api", checkedAt: daysAgo(days), ok: true, latencyMs: days })));
    const retention = startRetention(db, INCIDENT, { keepRawMs: 7 * DAY, everyMs: 60_000, now: () => NOW });
    try {
      const [a, b] = await Promise.all([retention.runNow(), retention.runNow()]);
      expect(a).toBe(b); // one pass, shared
      await retention.runNow(); // whichever pass ran first (timer or call), the 8 and 7.5 day results are gone now
      expect((await listResults(db, INCIDENT, "api")).map((r) => r.checkedAt)).toEqual([daysAgo(1), daysAgo(6)]);
      expect((await listRollups(db, INCIDENT, "api", { bucket: "hour" })).map((r) => [r.bucketStart, r.count])).toEqual([[daysAgo(8), 1], [daysAgo(7.5), 1]]);
    } finally {
      retention.stop();
    }
  });
});

describe("HANDBACK_RETENTION", () => {
  it.each<[string | undefined, number]>([[undefined, 7 * DAY], ["", 7 * DAY], ["36h", 36 * 3_600_000], ["1d12h", 1.5 * DAY]])("%j → %d ms", (value, ms) => {
    expect(readEnv({ NODE_ENV: "test", HANDBACK_RETENTION: value }).HANDBACK_RETENTION).toBe(ms);
  });

  it.each(["7", "-1d", "0s", "week"])("rejects %j, naming the variable", (value) => {
    expect(() => readEnv({ NODE_ENV: "test", HANDBACK_RETENTION: value })).toThrow(/HANDBACK_RETENTION: /);
  });
});
