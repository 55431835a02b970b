import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, describe, expect, it } from "vitest";
import { openDb } from "@/lib/db";
import type { BusEvent } from "@/lib/events/bus";
import { createRedisBus, incidentChannel, type RedisBus } from "@/lib/events/redis-bus";
import { startHttpTarget, type HttpTarget } from "@/lib/lab";
import { createPostgresTarget, type DbTarget } from "../support/db-targets";
import { startWorker, type ManagedProcess } from "../support/instances";
import { requireService } from "../support/services";

// A crash with checks waiting in the write batch (docs/storage.md "What a crash can cost"): a real
// `handback worker` process probes 20 components every 200 ms into PostgreSQL and publishes over Redis,
// then is SIGKILLed. Every result it published is in storage (persist, then publish, group by group), and
// what it probed but never stored is bounded by what the batch and the probes in flight can hold.

const postgres = await requireService("PostgreSQL", "TEST_DATABASE_URL");
const redis = await requireService("Redis", "TEST_REDIS_URL");
const COMPONENTS = 20;

describe("a worker killed with checks in its write batch", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "handback-crash-"));
  let http: HttpTarget | undefined;
  let target: DbTarget | undefined;
  let listener: RedisBus | undefined;
  let worker: ManagedProcess | undefined;
  afterAll(async () => {
    await worker?.kill();
    await listener?.close();
    await http?.close();
    await target?.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it.skipIf(postgres.skipReason !== null || redis.skipReason !== null)("has stored every result it published; the rest is at most one group and the probes in flight", async () => {
    const lab = (http = await startHttpTarget());
    target = await createPostgresTarget(postgres.url!);
    await (await openDb(target.options)).close(); // migrated before the worker starts
    const incidentId = `CRASH-${process.pid}`;
    const configPath = path.join(dir, "incident.yaml");
    const components = Array.from({ length: COMPONENTS }, (_, index) => `  - { id: c${index}, probe: { type: http, url: "${lab.url(`/c${index}`)}" }, conditions: ["[STATUS] == 200"] }`);
    writeFileSync(configPath, `incident: { id: ${incidentId}, title: Crash test, severity: P1, startedAt: 2025-01-01T00:00:00Z }
teams: [{ id: infra }]
defaults: { interval: 200ms, timeout: 150ms, failureThreshold: 1, successThreshold: 1 }
components:
${components.join("\n")}
`);
    listener = createRedisBus(redis.url!, { channel: incidentChannel(incidentId) });
    await listener.ready();
    const published: { id: string; checkedAt: string }[] = [];
    listener.subscribe((event: BusEvent) => {
      if (event.type === "component") published.push(event.data as { id: string; checkedAt: string });
    });

    worker = await startWorker({ location: "crash", configPath, env: { DATABASE_URL: target.options.databaseUrl, REDIS_URL: redis.url!, HANDBACK_LOG: "warn", HANDBACK_DATA_DIR: path.join(dir, "data") } });
    for (const deadline = Date.now() + 20_000; published.length < 100; await sleep(50)) {
      if (Date.now() > deadline) throw new Error(`only ${published.length} results published in 20 s`);
    }
    await worker.kill(); // SIGKILL: no drain, no last flush
    const probed = Array.from({ length: COMPONENTS }, (_, index) => lab.requestCount(`/c${index}`)).reduce((sum, count) => sum + count, 0);
    await sleep(300); // the last events still crossing Redis

    const db = await openDb(target.options);
    try {
      const rows = await db.query<{ componentId: string; checkedAt: Date }>(
        `SELECT component_id AS "componentId", checked_at AS "checkedAt" FROM probe_results WHERE incident_id = $1`,
        [incidentId],
      );
      const stored = new Set(rows.map((row) => `${row.componentId} ${row.checkedAt.toISOString()}`));
      const missing = published.filter((event) => !stored.has(`${event.id} ${event.checkedAt}`));
      expect(missing).toEqual([]);
      // Probed but not stored: the group being written and the one waiting (100 each at most) and the
      // probes in flight (the worker's concurrency, 32) — far less at this rate.
      expect(probed - rows.length).toBeGreaterThanOrEqual(0);
      expect(probed - rows.length).toBeLessThanOrEqual(2 * 100 + 32);
    } finally {
      await db.close();
    }
  }, 60_000);
});
