import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertResults, openDb, type Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { startEngine, type ProbeEngine } from "@/lib/engine/engine";
import { createLocalBus, type EventBus } from "@/lib/events/bus";
import { createRedisBus, type RedisBus } from "@/lib/events/redis-bus";
import { moveIncident, postTimelineEntry, recordTestRun, signCriterion } from "@/lib/incident/actions";
import { reconcile } from "@/lib/incident/reconcile";
import { parseJUnit } from "@/lib/junit/parse";
import { startHttpTarget, type HttpTarget } from "@/lib/lab";
import { buildSnapshot, createComponentViewMemo } from "@/lib/snapshot/build";
import { createReadModel, type ReadModel } from "@/lib/snapshot/model";
import { readSnapshotInputs, snapshotSource } from "@/lib/snapshot/read";
import type { IncidentState } from "@/lib/types";
import { storageBackends, type DbTarget } from "@/tests/support/db-targets";
import { buildReport, times } from "@/tests/support/junit-reports";
import { requireService } from "@/tests/support/services";
import { parseValidConfig } from "../support/config-text";
import { seededRandom } from "../support/random";

// The read model (lib/snapshot/model.ts) against storage: after every step of a random sequence of probe
// results (two locations), evaluations, incident moves, updates, test runs and sign-offs, the snapshot the
// model gives equals the one built from what storage holds — what a restarted server would show. The parts
// never age out here (partsMaxAgeMs: an hour), so the events alone must keep the model current. Then the
// same over Redis: the model follows another instance's bus.

const postgres = await requireService("PostgreSQL", "TEST_DATABASE_URL");
const redis = await requireService("Redis", "TEST_REDIS_URL");

const configFor = (a: number, b: number) =>
  parseValidConfig(`incident: { id: RM-1, title: Read model, severity: P1, startedAt: 2025-01-01T00:00:00Z }
teams: [{ id: infra }, { id: dev }]
defaults: { interval: 1h, timeout: 2s, failureThreshold: 2, successThreshold: 2 }
components:
  - { id: db, probe: { type: http, url: "http://127.0.0.1:${a}/db" }, conditions: ["[STATUS] == 200"] }
  - { id: api, dependsOn: [db], probe: { type: http, url: "http://127.0.0.1:${a}/api" }, conditions: ["[STATUS] == 200"] }
  - { id: web, dependsOn: [api], probe: { type: http, url: "http://127.0.0.1:${b}/web" }, conditions: ["[STATUS] == 200"] }
  - { id: jobs, probe: { type: http, url: "http://127.0.0.1:${b}/jobs" }, conditions: ["[STATUS] == 200"] }
impact:
  segments: [{ id: all, name: All, arr: 1000, exposure: 1, dependsOn: [web, jobs] }]
tests: { suites: [{ id: validation, critical: true }] }
criteria:
  - { id: api-up, title: API up, owner: infra, auto: { components: [api, db], conditions: ["[STATUS] == 200"], window: 1 } }
  - { id: validation-80, title: Validation at 80%, owner: dev, auto: { suite: validation, conditions: ["[PASS_RATE] >= 80"] } }
  - { id: golden-path, title: Golden path, owner: dev, signoff: true }
phases:
  - { id: repair, owner: infra, estimate: 1h..2h, exitCriteria: [api-up] }
  - { id: handback, owner: dev, estimate: 0h..1h, exitCriteria: [validation-80, golden-path] }
`);

const INFRA = { name: "ci-infra", role: "infra" };
const DEV = { name: "alice", role: "dev" };
const PATHS = ["/db", "/api", "/web", "/jobs"];
const MOVES: IncidentState[] = ["remediating", "ready_for_handback", "handed_back", "investigating"];

async function waitFor(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe.each(storageBackends(postgres))("the read model on $title", (backend) => {
  const test = it.skipIf(backend.skipReason !== null);
  let target: DbTarget | undefined;
  let db: Db | undefined;
  const targets: HttpTarget[] = [];

  beforeAll(async () => {
    if (backend.skipReason) return;
    target = await backend.createTarget();
    db = await openDb(target.options);
    targets.push(await startHttpTarget(), await startHttpTarget());
  });
  afterAll(async () => {
    await db?.close();
    await Promise.all(targets.map((http) => http.close()));
    await target?.cleanup();
  });

  /** Runs `steps` random steps published on `publishBus`, comparing the model (following `modelBus`) with storage after each. */
  async function runSequence(seed: number, steps: number, publishBus: EventBus, modelBus: EventBus, settle: (same: () => Promise<boolean>) => Promise<void>) {
    const config = configFor(targets[0]!.port, targets[1]!.port);
    const now = new Date(); // one instant for every build: time-derived fields compare equal
    const next = seededRandom(seed);
    const pick = <T,>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
    const model: ReadModel = createReadModel(modelBus, snapshotSource(async () => db!, config), { partsMaxAgeMs: 3_600_000, reseedEveryMs: 3_600_000 });
    const engines: ProbeEngine[] = [];
    for (const location of ["default", "eu"]) engines.push(await startEngine({ config, db: db!, bus: publishBus, concurrency: 4, manual: true, location }));
    // The model's side is built as GET /api/status builds it: with a memo kept across the whole sequence.
    const memo = createComponentViewMemo();
    const fromModel = async () => buildSnapshot(config, (await model.read(now)).inputs, now, memo);
    const fromStorage = async () => buildSnapshot(config, await readSnapshotInputs(db!, config, now), now);
    const same = async () => JSON.stringify(await fromModel()) === JSON.stringify(await fromStorage());
    const done: string[] = [];
    try {
      await model.read(now); // seeded from storage before the first step
      for (let step = 0; step < steps; step++) {
        const roll = next();
        if (roll < 0.45) {
          targets[Math.floor(next() * 2)]!.setMode(next() < 0.5 ? "ok" : "error", { path: pick(PATHS) });
          const ids = config.components.filter(() => next() < 0.6).map((component) => component.id);
          await pick(engines).runNow(ids.length > 0 ? ids : ["api"]);
          done.push(`probe ${ids.join(",")}`);
        } else if (roll < 0.6) {
          await reconcile(db!, config, publishBus);
          done.push("reconcile");
        } else if (roll < 0.7) {
          const to = pick(MOVES);
          await moveIncident(db!, publishBus, config, pick([INFRA, DEV]), to, "random step").catch((error: unknown) => {
            if (!(error instanceof AppError)) throw error; // a move the machine refuses is a step too
          });
          done.push(`move ${to}`);
        } else if (roll < 0.8) {
          await postTimelineEntry(db!, publishBus, config.incident.id, INFRA, "update", `step ${step}`);
          done.push("update");
        } else if (roll < 0.9) {
          const failed = Math.floor(next() * 4);
          await recordTestRun(db!, publishBus, config.incident.id, "validation", parseJUnit(buildReport("validation", [...times(8 - failed, "pass"), ...times(failed, "fail")])), DEV);
          done.push(`test-run ${failed} failed`);
        } else {
          await signCriterion(db!, publishBus, config, "golden-path", DEV, next() < 0.6 ? "sign" : "revoke");
          done.push("signoff");
        }
        await settle(same).catch(async () => {
          // The first difference, with the steps that led to it (replay with the seed).
          expect({ seed, steps: done, snapshot: await fromModel() }).toEqual({ seed, steps: done, snapshot: await fromStorage() });
        });
      }
    } finally {
      await Promise.all(engines.map((engine) => engine.stop()));
      model.close();
    }
    return { model, config, now };
  }

  test("equals the snapshot built from storage after every step of random sequences, and after a reopen", async () => {
    const bus = createLocalBus();
    // The local bus delivers at once: the model must agree without any wait.
    const settle = async (same: () => Promise<boolean>) => {
      if (!(await same())) throw new Error("differs");
    };
    for (const seed of [1, 2, 3]) await runSequence(seed, 25, bus, bus, settle);
    const { model, config, now } = await runSequence(4, 25, bus, bus, settle);
    const held = buildSnapshot(config, (await model.read(now)).inputs, now);
    await db!.close();
    db = await openDb(target!.options);
    expect(held).toEqual(buildSnapshot(config, await readSnapshotInputs(db, config, now), now));
  }, 240_000);

  test("reads again when results were written that it heard no event of (a worker without REDIS_URL)", async () => {
    const config = configFor(targets[0]!.port, targets[1]!.port);
    const model = createReadModel(createLocalBus(), snapshotSource(async () => db!, config), { partsMaxAgeMs: 0 });
    const now = new Date();
    try {
      await model.read(now);
      await insertResults(db!, config.incident.id, [{ componentId: "jobs", location: "worker-x", checkedAt: now, ok: true, status: "operational", latencyMs: 3, observations: {} }]);
      // The parts are due at every read (partsMaxAgeMs 0); a write counts as unheard from the check after
      // the one that first saw its id (its event might have been on the way), so the second read reads all.
      const later = new Date(now.getTime() + 2);
      await model.read(new Date(now.getTime() + 1));
      const held = buildSnapshot(config, (await model.read(later)).inputs, later);
      expect(held.components.find((component) => component.id === "jobs")?.locations?.map((view) => view.location)).toContain("worker-x");
      expect(held).toEqual(buildSnapshot(config, await readSnapshotInputs(db!, config, later), later));
    } finally {
      model.close();
    }
  });

  it.skipIf(backend.skipReason !== null || redis.url === null)("follows another instance's events over Redis", async () => {
    const channel = `handback:test:${randomBytes(6).toString("hex")}`;
    const buses: RedisBus[] = [createRedisBus(redis.url!, { channel }), createRedisBus(redis.url!, { channel })];
    try {
      await Promise.all(buses.map((bus) => bus.ready()));
      // Pub/sub delivers later than the write: wait until they agree.
      await runSequence(5, 20, buses[0]!, buses[1]!, (same) => waitFor(same));
    } finally {
      await Promise.all(buses.map((bus) => bus.close()));
    }
  }, 240_000);
});
