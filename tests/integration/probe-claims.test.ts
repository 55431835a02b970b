import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IncidentConfig } from "@/lib/config";
import { claimSlot, claimSlots, insertResults, openDb, pruneClaims, slotOf, StorageError, type Db } from "@/lib/db";
import { startEngine, type ProbeEngine } from "@/lib/engine/engine";
import { createLocalBus } from "@/lib/events/bus";
import { startHttpTarget, type HttpTarget } from "@/lib/lab";
import { createPgliteTarget, createPostgresTarget, type DbTarget } from "../support/db-targets";
import { requireService } from "../support/services";
import { parseValidConfig } from "../support/config-text";

// Probe ownership across instances: one claim per (component, location, slot), so two engines sharing a
// database probe each scheduled slot once, and the survivor takes every slot when the other stops.
const postgres = await requireService("PostgreSQL", "TEST_DATABASE_URL");

const backends = [
  { title: "PGlite", skipReason: null as string | null, create: createPgliteTarget },
  {
    title: postgres.url ? "PostgreSQL (TEST_DATABASE_URL)" : `PostgreSQL — SKIPPED: ${postgres.skipReason}`,
    skipReason: postgres.skipReason,
    create: () => createPostgresTarget(postgres.url!),
  },
];

describe.each(backends)("slot claims on $title", (backend) => {
  const test = it.skipIf(backend.skipReason !== null);
  let target: DbTarget | undefined;
  let db: Db | undefined;
  beforeAll(async () => {
    if (backend.skipReason !== null) return;
    target = await backend.create();
    db = await openDb(target.options);
  }, 60_000);
  afterAll(async () => {
    await db?.close();
    await target?.cleanup();
  });

  test("the first claim of a slot wins, a second one for the same slot loses", async () => {
    const claim = { componentId: "api", location: "eu", slot: slotOf(1_700_000_000_250, 500), instance: "a" };
    expect(claim.slot).toBe(3_400_000_000);
    expect(await claimSlot(db!, "C-1", claim)).toBe(true);
    expect(await claimSlot(db!, "C-1", { ...claim, instance: "b" })).toBe(false);
    expect(await claimSlot(db!, "C-1", { ...claim, slot: claim.slot + 1, instance: "b" })).toBe(true);
    expect(await claimSlot(db!, "C-1", { ...claim, location: "us", instance: "b" })).toBe(true);
    expect(await pruneClaims(db!, "C-1", new Date(Date.now() + 60_000))).toBe(3);
  });

  test("claims made in one statement: each says whether it won, and a slot named twice is won once", async () => {
    const claim = { componentId: "web", location: "eu", slot: 7, instance: "a" };
    expect(await claimSlot(db!, "C-2", claim)).toBe(true);
    const owned = await claimSlots(db!, "C-2", [
      { ...claim, slot: 8 },
      { ...claim, instance: "b" },
      { ...claim, slot: 8, instance: "b" },
      { ...claim, location: "us" },
    ]);
    expect(owned).toEqual([true, false, false, true]);
    expect(await claimSlots(db!, "C-2", [])).toEqual([]);
    expect(await pruneClaims(db!, "C-2", new Date(Date.now() + 60_000))).toBe(3);
  });

  test("a second result for one slot is a CONFLICT, unslotted results never are", async () => {
    const result = { componentId: "api", location: "eu", checkedAt: new Date(), ok: true, slot: 42 };
    await insertResults(db!, "C-1", [result]);
    await expect(insertResults(db!, "C-1", [result])).rejects.toSatisfy((error) => error instanceof StorageError && error.code === "CONFLICT");
    await insertResults(db!, "C-1", [{ ...result, slot: null }, { ...result, slot: null }]);
  });
});

const INTERVAL = 500;

function configFor(url: string, thresholds = { failure: 1, success: 1 }): IncidentConfig {
  const text = `incident: { id: C-1, title: Claims test, severity: P1, startedAt: 2025-01-01T00:00:00Z }
teams: [{ id: infra }]
defaults: { interval: ${INTERVAL}ms, timeout: 400ms, failureThreshold: ${thresholds.failure}, successThreshold: ${thresholds.success} }
components:
  - id: api
    probe: { type: http, url: "${url}" }
    conditions: ["[STATUS] == 200"]
`;
  return parseValidConfig(text);
}

describe.skipIf(postgres.skipReason !== null)("two engines sharing PostgreSQL", () => {
  let target: DbTarget;
  let dbA: Db;
  let dbB: Db;
  let http: HttpTarget;
  const engines: ProbeEngine[] = [];

  beforeAll(async () => {
    target = await createPostgresTarget(postgres.url!);
    [dbA, dbB] = await Promise.all([openDb(target.options), openDb(target.options)]);
    http = await startHttpTarget();
  }, 60_000);

  afterAll(async () => {
    await Promise.allSettled(engines.map((engine) => engine.stop()));
    await Promise.allSettled([dbA?.close(), dbB?.close(), http?.close()]);
    await target?.cleanup();
  });

  it("probe each slot once, and the survivor probes every slot after the other stops", async () => {
    const config = configFor(http.url("/health"));
    const start = (db: Db) => startEngine({ config, db, bus: createLocalBus(), concurrency: 4, claims: true, location: "eu" });
    const [a, b] = await Promise.all([start(dbA), start(dbB)]);
    engines.push(a, b);
    const startedAt = Date.now();

    await sleep(3_000);
    const slots = (Date.now() - startedAt) / INTERVAL; // ≈ 6 slots began while both ran
    const together = http.requestCount("/health");
    expect(together).toBeGreaterThanOrEqual(Math.floor(slots) - 1);
    expect(together).toBeLessThanOrEqual(Math.ceil(slots) + 1);
    // Both engines planned every slot; each slot was run by one and skipped by the other.
    const [statsA, statsB] = [a.stats(), b.stats()];
    expect(statsA.started + statsB.started).toBe(together);
    expect(statsA.skipped + statsB.skipped).toBeGreaterThanOrEqual(together - 1);

    await a.stop();
    const afterStop = http.requestCount("/health");
    const stoppedAt = Date.now();
    await sleep(2_000);
    const survivorSlots = (Date.now() - stoppedAt) / INTERVAL; // ≈ 4
    const alone = http.requestCount("/health") - afterStop;
    expect(alone).toBeGreaterThanOrEqual(Math.floor(survivorSlots) - 1);
    expect(alone).toBeLessThanOrEqual(Math.ceil(survivorSlots) + 1);

    await b.stop();
    const rows = await dbB.query<{ slot: number; location: string }>("SELECT slot, location FROM probe_results WHERE component_id = 'api'");
    const total = http.requestCount("/health");
    expect(rows).toHaveLength(total);
    expect(new Set(rows.map((row) => row.slot)).size).toBe(rows.length);
    expect(rows.every((row) => row.location === "eu" && row.slot !== null)).toBe(true);
    // Consecutive slots: no slot lost while one engine stopped (each stored once).
    const sorted = rows.map((row) => Number(row.slot)).sort((x, y) => x - y);
    expect(sorted.at(-1)! - sorted[0]! + 1).toBeLessThanOrEqual(sorted.length + 1);
  }, 30_000);

  it("counts failure and success thresholds across instances that probe in turn", async () => {
    await dbA.query("DELETE FROM component_states");
    const config = configFor(http.url("/turns"), { failure: 3, success: 2 });
    const start = (db: Db) => startEngine({ config, db, bus: createLocalBus(), concurrency: 4, manual: true, location: "turns" });
    const [a, b] = await Promise.all([start(dbA), start(dbB)]);
    engines.push(a, b);
    const statusAfter = async (engine: ProbeEngine) => (await engine.runNow(["api"]))[0]!.status;

    expect(await statusAfter(a)).toBe("unknown"); // healthy once: recovery from unknown needs 2
    expect(await statusAfter(b)).toBe("operational"); // the second success in a row, though on B
    http.setMode("error");
    // Alone, neither engine has seen 3 failures: A ran two, B one. Together they are 3 in a row.
    expect(await statusAfter(a)).toBe("operational");
    expect(await statusAfter(b)).toBe("operational");
    expect(await statusAfter(a)).toBe("down");
    http.setMode("ok");
    expect(await statusAfter(b)).toBe("down");
    expect(await statusAfter(a)).toBe("operational");

    // One transition row per status change, whichever instance made it.
    const transitions = await dbA.query<{ to: string }>(
      `SELECT to_status AS "to" FROM component_transitions WHERE location = 'turns' ORDER BY id`,
    );
    expect(transitions.map((row) => row.to)).toEqual(["operational", "down", "operational"]);
    const [state] = await dbA.query<{ status: string; failures: number; successes: number }>(
      "SELECT status, failures, successes FROM component_states WHERE location = 'turns'",
    );
    expect(state).toEqual({ status: "operational", failures: 0, successes: 2 });
    await Promise.all([a.stop(), b.stop()]);
  }, 30_000);
});
