import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IncidentConfig } from "@/lib/config";
import { openDb, type Db } from "@/lib/db";
import { startEngine, type ProbeEngine } from "@/lib/engine/engine";
import { createLocalBus, type BusEvent } from "@/lib/events/bus";
import { startHttpTarget, type FaultProxy, type HttpTarget } from "@/lib/lab";
import { createPostgresTarget, type DbTarget } from "@/tests/support/db-targets";
import { openThroughProxy } from "@/tests/support/proxied-postgres";
import { requireService } from "@/tests/support/services";
import { parseValidConfig } from "../support/config-text";

// The engine writing to the machine's PostgreSQL through a fault proxy: the database goes away mid-run,
// probing goes on, results wait in memory and are all written, in order, once it returns.
const postgres = await requireService("PostgreSQL", "TEST_DATABASE_URL");
const withPostgres = it.skipIf(postgres.url === null);
const title = postgres.url ? "storage outage (TEST_DATABASE_URL)" : `storage outage — SKIPPED: ${postgres.skipReason}`;

const CHECKS_DURING_OUTAGE = 5;

function configFor(httpPort: number): IncidentConfig {
  const text = `incident: { id: E-2, title: Storage outage test, severity: P1, startedAt: 2025-01-01T00:00:00Z }
teams: [{ id: infra }]
defaults: { interval: 1h, timeout: 1s, failureThreshold: 1, successThreshold: 1 }
components:
  - id: api
    probe: { type: http, url: "http://127.0.0.1:${httpPort}/health" }
    conditions: ["[STATUS] == 200"]
`;
  return parseValidConfig(text);
}

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe(title, () => {
  let target: DbTarget;
  let proxy: FaultProxy;
  let db: Db;
  let verify: Db;
  let http: HttpTarget;
  let engine: ProbeEngine;
  const events: BusEvent[] = [];

  beforeAll(async () => {
    if (!postgres.url) return;
    target = await createPostgresTarget(postgres.url);
    ({ proxy, db } = await openThroughProxy(target));
    verify = await openDb({ ...target.options, connectTimeoutMs: 500, statementTimeoutMs: 1_000 });
    http = await startHttpTarget();
    const bus = createLocalBus();
    bus.subscribe((event) => events.push(event));
    const config = configFor(http.port);
    engine = await startEngine({ config, db, bus, concurrency: 2, manual: true, buffer: { retryMs: 100, maxRetryMs: 400 } });
  }, 60_000);

  afterAll(async () => {
    await engine?.stop();
    await Promise.allSettled([http?.close(), db?.close(), verify?.close()]);
    await proxy?.close();
    await target?.cleanup();
  });

  const countResults = async () => (await verify.query<{ n: number }>("SELECT count(*)::int AS n FROM probe_results"))[0]!.n;

  withPostgres("keeps probing while storage is away, never marks a component down for it, and loses no result", async () => {
    let checks = 0;
    const run = async () => {
      checks += 1;
      return (await engine.runNow(["api"]))[0]!;
    };
    expect((await run()).status).toBe("operational");
    expect(engine.storage()).toEqual({ degraded: false, buffered: 0, dropped: 0, since: null });

    await proxy.setMode("refuse");
    for (let i = 0; i < CHECKS_DURING_OUTAGE; i += 1) {
      const started = Date.now();
      const outcome = await run();
      expect(outcome).toMatchObject({ status: "operational", verdict: "pass", resultId: null });
      expect(Date.now() - started).toBeLessThan(3_000);
      expect(engine.storage()).toMatchObject({ degraded: true, buffered: i + 1, dropped: 0 });
    }
    expect(engine.storage().since).toEqual(expect.any(String));
    // The component event still went out for every check, storage or not.
    expect(events.filter((event) => event.type === "component")).toHaveLength(checks);
    expect(await countResults()).toBe(1);
    // The flusher keeps failing while storage is away, and holds everything.
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(engine.storage()).toMatchObject({ degraded: true, buffered: CHECKS_DURING_OUTAGE });

    await proxy.setMode("pass");
    await waitFor(() => !engine.storage().degraded);
    expect(engine.storage()).toEqual({ degraded: false, buffered: 0, dropped: 0, since: null });
    expect(await countResults()).toBe(checks);

    // Buffered results were written in the order they were checked.
    const rows = await verify.query<{ checked_at: string }>("SELECT checked_at FROM probe_results ORDER BY id");
    const times = rows.map((row) => new Date(row.checked_at).getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));

    // After recovery results are written directly again.
    const after = await run();
    expect(after.resultId).toEqual(expect.any(Number));
    expect(await countResults()).toBe(checks);
  });

  withPostgres("stores a transition that happened during the outage once storage returns, and publishes it after", async () => {
    await proxy.setMode("refuse");
    http.setMode("error", { status: 503 });
    expect((await engine.runNow(["api"]))[0]!.status).toBe("down");
    http.setMode("ok");
    expect((await engine.runNow(["api"]))[0]!.status).toBe("operational");
    expect(engine.storage().buffered).toBe(2);
    const timelineBefore = events.filter((event) => event.type === "timeline").length;
    await proxy.setMode("pass");
    await waitFor(() => !engine.storage().degraded);
    const transitions = await verify.query<{ from_status: string; to_status: string }>(
      "SELECT from_status, to_status FROM component_transitions ORDER BY id",
    );
    expect(transitions.slice(-2).map((row) => `${row.from_status}→${row.to_status}`)).toEqual(["operational→down", "down→operational"]);
    expect(events.filter((event) => event.type === "timeline").length).toBe(timelineBefore + 2);
  });
});
