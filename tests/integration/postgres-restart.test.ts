import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IncidentConfig } from "@/lib/config";
import { openDb, type Db } from "@/lib/db";
import { startEngine, type CheckOutcome, type ProbeEngine } from "@/lib/engine/engine";
import { createLocalBus } from "@/lib/events/bus";
import { startHttpTarget, type HttpTarget } from "@/lib/lab";
import { postgresBinDir, startScratchCluster, type ScratchCluster } from "@/tests/support/postgres-cluster";
import { parseValidConfig } from "../support/config-text";

// A real PostgreSQL server stopped and started under a scheduled, slot-claiming engine: probing goes on,
// no component is marked down for it, and every check made while the server was gone is stored after.
const binaries = postgresBinDir();
if (!binaries && process.env.CI === "true") throw new Error("PostgreSQL server binaries are required when CI=true");
const title = binaries ? "PostgreSQL stopped and started mid-run" : "PostgreSQL stopped and started mid-run — SKIPPED: no server binaries";

const INTERVAL_MS = 200;

function configFor(httpPort: number): IncidentConfig {
  const text = `incident: { id: R-1, title: Restart test, severity: P1, startedAt: 2025-01-01T00:00:00Z }
teams: [{ id: infra }]
defaults: { interval: ${INTERVAL_MS}ms, timeout: 1s, failureThreshold: 1, successThreshold: 1 }
components:
  - { id: api, probe: { type: http, url: "http://127.0.0.1:${httpPort}/api" }, conditions: ["[STATUS] == 200"] }
  - { id: web, probe: { type: http, url: "http://127.0.0.1:${httpPort}/web" }, conditions: ["[STATUS] == 200"] }
`;
  return parseValidConfig(text);
}

async function waitFor(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(50);
  }
}

describe.skipIf(!binaries)(title, () => {
  let cluster: ScratchCluster;
  let db: Db;
  let http: HttpTarget;
  let engine: ProbeEngine | undefined;

  beforeAll(async () => {
    cluster = await startScratchCluster();
    db = await openDb({ databaseUrl: cluster.url, dataDir: "/nonexistent", connectTimeoutMs: 500, statementTimeoutMs: 1_000 });
    http = await startHttpTarget();
  }, 60_000);

  afterAll(async () => {
    await engine?.stop();
    await Promise.allSettled([http?.close(), db?.close()]);
    await cluster?.destroy();
  }, 60_000);

  it("keeps probing, never calls a component down for it, and stores every result once the server is back", async () => {
    const outcomes: CheckOutcome[] = [];
    engine = await startEngine({
      config: configFor(http.port),
      db,
      bus: createLocalBus(),
      concurrency: 4,
      claims: true,
      onChecked: (outcome) => outcomes.push(outcome),
      buffer: { retryMs: 100, maxRetryMs: 400 },
    });
    await waitFor(() => outcomes.length >= 6, 10_000);

    await cluster.stop();
    const stoppedAt = outcomes.length;
    await sleep(2_000);
    const duringOutage = outcomes.length - stoppedAt;
    // 2 components every 200 ms for 2 s ≈ 20 checks; the claims failed and the engine probed anyway.
    expect(duringOutage).toBeGreaterThanOrEqual(10);
    expect(engine.storage()).toMatchObject({ degraded: true, dropped: 0 });
    expect(engine.storage().buffered).toBeGreaterThan(0);

    await cluster.start();
    await waitFor(() => !engine!.storage().degraded, 20_000);
    await sleep(500);
    await engine.stop();
    const checks = outcomes.length;
    expect(engine.storage()).toMatchObject({ degraded: false, buffered: 0, dropped: 0 });

    // Every check is a row: none lost to the outage, none written twice (results are unique per slot).
    const [stored] = await db.query<{ rows: number; slots: number }>(
      "SELECT count(*)::int AS rows, count(DISTINCT (component_id, slot))::int AS slots FROM probe_results",
    );
    expect(stored).toEqual({ rows: checks, slots: checks });
    expect(http.requestCount("/api") + http.requestCount("/web")).toBe(checks);
    // A storage outage is not a component outage.
    expect(outcomes.every((outcome) => outcome.status === "operational")).toBe(true);
    const [downs] = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM component_transitions WHERE to_status <> 'operational'");
    expect(downs?.n).toBe(0);
  }, 60_000);
});
