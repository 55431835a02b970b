import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/db";
import { startEngine, type ProbeEngine } from "@/lib/engine/engine";
import { createLocalBus } from "@/lib/events/bus";
import { startHttpTarget, type FaultProxy, type HttpTarget } from "@/lib/lab";
import { createPostgresTarget, type DbTarget } from "@/tests/support/db-targets";
import { openThroughProxy } from "@/tests/support/proxied-postgres";
import { requireService } from "@/tests/support/services";
import { parseValidConfig } from "../support/config-text";

// The storage-outage buffer holds what will be stored, not what the probe read: a target answering with a
// 600 KB body fills it by the 2 KB kept of each result, so a byte bound that five raw bodies would blow
// through keeps every one of them, and all are written once storage is back.
const postgres = await requireService("PostgreSQL", "TEST_DATABASE_URL");
const withPostgres = it.skipIf(postgres.url === null);
const title = postgres.url ? "storage-outage buffer in bytes (TEST_DATABASE_URL)" : `storage-outage buffer in bytes — SKIPPED: ${postgres.skipReason}`;

const BIG_BODY = { padding: "x".repeat(600_000) };
const CHECKS = 5;

describe(title, () => {
  let target: DbTarget;
  let proxy: FaultProxy;
  let db: Db;
  let http: HttpTarget;
  let engine: ProbeEngine;

  beforeAll(async () => {
    if (!postgres.url) return;
    target = await createPostgresTarget(postgres.url);
    ({ proxy, db } = await openThroughProxy(target));
    http = await startHttpTarget({ routes: { "/big": BIG_BODY } });
    const config = parseValidConfig(`incident: { id: E-3, title: Buffer bytes test, severity: P1, startedAt: 2025-01-01T00:00:00Z }
teams: [{ id: infra }]
defaults: { interval: 1h, timeout: 2s, failureThreshold: 1, successThreshold: 1 }
components:
  - { id: big, probe: { type: http, url: "http://127.0.0.1:${http.port}/big" }, conditions: ["[STATUS] == 200"] }
`);
    // 1 MB: two raw results would not fit, five trimmed ones do with room to spare.
    engine = await startEngine({ config, db, bus: createLocalBus(), concurrency: 1, manual: true, buffer: { maxBytes: 1_000_000, retryMs: 100, maxRetryMs: 400 } });
  }, 60_000);

  afterAll(async () => {
    await engine?.stop();
    await Promise.allSettled([http?.close(), db?.close()]);
    await proxy?.close();
    await target?.cleanup();
  });

  withPostgres("buffers each result trimmed to what is stored, so the byte bound holds many, and writes them all", async () => {
    await proxy.setMode("refuse");
    for (let i = 0; i < CHECKS; i += 1) {
      const [outcome] = await engine.runNow(["big"]);
      // The caller still gets the whole observation; only the buffered copy is trimmed.
      expect(String(outcome!.result.observations.BODY).length).toBeGreaterThan(600_000);
    }
    expect(engine.storage()).toMatchObject({ degraded: true, buffered: CHECKS, dropped: 0 });

    await proxy.setMode("pass");
    for (let i = 0; i < 300 && engine.storage().degraded; i += 1) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(engine.storage()).toMatchObject({ degraded: false, buffered: 0, dropped: 0 });
    const rows = await db.query<{ n: number; longest: number }>(
      "SELECT count(*)::int AS n, max(length(observations->>'BODY'))::int AS longest FROM probe_results",
    );
    expect(rows[0]!.n).toBe(CHECKS);
    expect(rows[0]!.longest).toBeLessThanOrEqual(2_049);
  });
});
