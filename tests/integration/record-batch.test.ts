import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listResults, listTimeline, listTransitions, openDb, StorageError, type Db } from "@/lib/db";
import { startEngine } from "@/lib/engine/engine";
import type { Verdict } from "@/lib/engine/status-machine";
import { recordCheck, recordChecks, recordGroup, type CheckRecord } from "@/lib/engine/record-check";
import { INITIAL_STATE } from "@/lib/engine/status-machine";
import { createLocalBus, type BusEvent } from "@/lib/events/bus";
import { startHttpTarget, type HttpTarget } from "@/lib/lab";
import { storageBackends, type DbTarget } from "@/tests/support/db-targets";
import { requireService } from "@/tests/support/services";
import { parseValidConfig } from "../support/config-text";

// Batched writes of finished checks (lib/engine/record-check.ts recordChecks/recordGroup, the engine's
// write batch), on PGlite and PostgreSQL: a group stores what the same records stored one at a time would,
// in order; a steady component rewrites no state; a group storage rejects falls back to one record at a
// time, so only the bad record stays out; a group as large as the probe concurrency goes at once; stopping
// the engine writes the checks still waiting in the window.

const postgres = await requireService("PostgreSQL", "TEST_DATABASE_URL");

const configFor = (port: number) =>
  parseValidConfig(`incident: { id: B-1, title: Batch test, severity: P1, startedAt: 2025-01-01T00:00:00Z }
teams: [{ id: infra }]
defaults: { interval: 1h, timeout: 500ms, failureThreshold: 2, successThreshold: 1 }
components:
  - { id: a, probe: { type: http, url: "http://127.0.0.1:${port}/a" }, conditions: ["[STATUS] == 200"] }
  - { id: b, probe: { type: http, url: "http://127.0.0.1:${port}/b" }, conditions: ["[STATUS] == 200"] }
`);

describe.each(storageBackends(postgres))("batched check writes on $title", (backend) => {
  const test = it.skipIf(backend.skipReason !== null);
  let target: DbTarget | undefined;
  let db: Db;
  let http: HttpTarget;
  let config: ReturnType<typeof configFor>;
  let clock = Date.parse("2025-01-01T01:00:00Z");

  beforeAll(async () => {
    if (backend.skipReason) return;
    target = await backend.createTarget();
    db = await openDb(target.options);
    http = await startHttpTarget();
    config = configFor(http.port);
  });
  afterAll(async () => {
    await db?.close();
    await http?.close();
    await target?.cleanup();
  });

  /** A judged check of component `id`, one second after the previous one. */
  const record = (id: string, verdict: Verdict, slot?: number): CheckRecord => ({
    incidentId: "B-1",
    component: config.components.find((component) => component.id === id)!,
    location: "default",
    result: { ok: verdict !== "fail", latencyMs: 5, checkedAt: new Date((clock += 1_000)).toISOString(), observations: {} },
    judgement: { verdict, outcomes: [], error: verdict === "fail" ? { code: "HTTP_STATUS", message: "503" } : null },
    prior: INITIAL_STATE,
    slot,
  });

  /** What an incident holds after a run: result statuses by component, transitions and timeline texts in order, states. */
  async function stored(incidentId: string) {
    const results = await Promise.all(["a", "b"].map(async (id) => (await listResults(db, incidentId, id)).reverse().map((row) => row.status)));
    const transitions = (await listTransitions(db, incidentId)).reverse().map((row) => `${row.componentId} ${row.fromStatus}→${row.toStatus}`);
    const timeline = (await listTimeline(db, incidentId, { limit: 50 })).map((entry) => entry.text);
    const states = await db.query(`SELECT component_id, status, failures, successes FROM component_states WHERE incident_id = $1 ORDER BY component_id`, [incidentId]);
    return { results, transitions, timeline, states };
  }

  test("stores a group as the same records one at a time would, in order", async () => {
    const verdicts: [string, Verdict][] = [["a", "pass"], ["b", "fail"], ["a", "fail"], ["b", "fail"], ["a", "fail"], ["b", "pass"]];
    const together = await recordChecks(db, "G-1", verdicts.map(([id, verdict]) => record(id, verdict)));
    for (const [id, verdict] of verdicts) await recordCheck(db, "G-2", record(id, verdict));

    const ids = together.map((check) => check.resultId);
    expect(ids).toEqual([...ids].sort((x, y) => x - y)); // result ids follow the input order
    expect(together.map((check) => check.state.status)).toEqual(["operational", "unknown", "operational", "down", "down", "operational"]);
    const timelineIds = together.flatMap((check) => (check.timeline ? [check.timeline.id] : []));
    expect(timelineIds).toEqual([...timelineIds].sort((x, y) => x - y));
    const [group, single] = [await stored("G-1"), await stored("G-2")];
    expect(group.transitions).toEqual(["a unknown→operational", "b unknown→down", "a operational→down", "b down→operational"]);
    expect(group).toEqual(single);
  });

  test("a check that leaves the state as it was rewrites no state row", async () => {
    const updatedAt = async () => (await db.query<{ at: Date }>(`SELECT updated_at AS at FROM component_states WHERE incident_id = 'S-1' AND component_id = 'a'`))[0]!.at.getTime();
    await recordChecks(db, "S-1", [record("a", "pass")]);
    const first = await updatedAt();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await recordChecks(db, "S-1", [record("a", "pass"), record("a", "pass")]);
    expect(await updatedAt()).toBe(first); // operational, successes already at successThreshold
    await recordChecks(db, "S-1", [record("a", "fail")]);
    expect(await updatedAt()).toBeGreaterThan(first);
  });

  test("a group storage rejects is written record by record: only the bad record stays out", async () => {
    // The second `a` at slot 7 breaks the unique slot index, which fails the group's one transaction.
    const records = [record("a", "pass", 7), record("b", "pass", 7), record("a", "pass", 7), record("b", "fail", 8)];
    await expect(recordChecks(db, "C-1", records)).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await listResults(db, "C-1", "a")).toEqual([]); // nothing of the failed transaction stayed

    const settled = await recordGroup(db, "C-1", records);
    expect(settled.map((outcome) => ("value" in outcome ? outcome.value.state.status : (outcome.error as StorageError).code))).toEqual(["operational", "operational", "CONFLICT", "operational"]);
    expect((await listResults(db, "C-1", "a")).map((row) => row.slot)).toEqual([7]);
    expect((await listResults(db, "C-1", "b")).map((row) => row.slot)).toEqual([8, 7]);
  });

  test("when every concurrency slot waits for the write, the group goes without waiting for the window", async () => {
    const engine = await startEngine({ config, db, bus: createLocalBus(), concurrency: 2, manual: true, writeBatch: { windowMs: 60_000 } });
    try {
      const started = Date.now();
      const outcomes = await engine.runNow(["a", "b"]);
      expect(outcomes.map((outcome) => outcome.resultId !== null)).toEqual([true, true]);
      expect(Date.now() - started).toBeLessThan(30_000); // far below the 60 s window
    } finally {
      await engine.stop();
    }
  });

  test("stopping the engine writes the checks still waiting in the window, then publishes them", async () => {
    const events: BusEvent[] = [];
    const bus = createLocalBus();
    bus.subscribe((event) => void events.push(event));
    const engine = await startEngine({ config, db, bus, concurrency: 4, manual: true, writeBatch: { windowMs: 60_000 } });
    const hits = () => http.requestCount("/a") + http.requestCount("/b");
    const [storedBefore, hitsBefore] = [(await listResults(db, "B-1", "a")).length, hits()]; // the test before ran some
    const run = engine.runNow(["a", "b"]);
    for (const deadline = Date.now() + 5_000; hits() < hitsBefore + 2; ) {
      if (Date.now() > deadline) throw new Error("the probes did not run");
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await new Promise((resolve) => setTimeout(resolve, 100)); // judged and waiting for the window
    expect(await listResults(db, "B-1", "a")).toHaveLength(storedBefore);
    expect(events.filter((event) => event.type === "component")).toEqual([]); // persist, then publish

    await engine.stop();
    const outcomes = await run;
    expect(outcomes.map((outcome) => outcome.resultId !== null)).toEqual([true, true]);
    const rows = await listResults(db, "B-1", "a");
    expect(rows).toHaveLength(storedBefore + 1);
    expect(rows[0]!.id).toBe(outcomes.find((outcome) => outcome.componentId === "a")!.resultId);
    expect(events.filter((event) => event.type === "component")).toHaveLength(2);
  });
});
