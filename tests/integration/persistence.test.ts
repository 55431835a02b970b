import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IncidentConfig } from "@/lib/config";
import {
  currentSignoffs, getCriterionStates, getIncidentState, insertResults, listTestRuns, listTimeline, openDb, type Db,
} from "@/lib/db";
import { moveIncident, postTimelineEntry, recordTestRun, signCriterion } from "@/lib/incident/actions";
import { readSnapshotInputs } from "@/lib/snapshot/read";
import { reconcile } from "@/lib/incident/reconcile";
import { buildSnapshot } from "@/lib/snapshot/build";
import { createLocalBus } from "@/lib/events/bus";
import { parseJUnit } from "@/lib/junit/parse";
import { createPgliteTarget, createPostgresTarget, type DbTarget } from "@/tests/support/db-targets";
import { buildReport, times } from "@/tests/support/junit-reports";
import { requireService } from "@/tests/support/services";
import { parseValidConfig } from "../support/config-text";

// Everything people and probes decided survives a restart: write through the real actions, close storage,
// reopen the same store, and read back exactly the same sign-offs, test runs, timeline and incident state.

const postgres = await requireService("PostgreSQL", "TEST_DATABASE_URL");

const backends = [
  { title: "PGlite (embedded, temp dir)", skipReason: null, createTarget: createPgliteTarget },
  {
    title: postgres.url ? "PostgreSQL (TEST_DATABASE_URL)" : `PostgreSQL — SKIPPED: ${postgres.skipReason}`,
    skipReason: postgres.skipReason,
    createTarget: () => createPostgresTarget(postgres.url ?? ""),
  },
];

const CONFIG = `incident: { id: P-1, title: Persistence, severity: P1, startedAt: 2025-01-01T00:00:00Z }
teams: [{ id: infra }, { id: dev }, { id: leadership }]
defaults: { interval: 1h, timeout: 1s }
components:
  - id: api
    probe: { type: http, url: "http://127.0.0.1:9/health" }
    conditions: ["[STATUS] == 200"]
tests: { suites: [{ id: validation, critical: true }] }
criteria:
  - { id: api-up, title: API answers 200, owner: infra, auto: { components: [api], conditions: ["[STATUS] == 200"], window: 1 } }
  - { id: validation-80, title: Validation at 80%, owner: dev, auto: { suite: validation, conditions: ["[PASS_RATE] >= 80"] } }
  - { id: golden-path, title: Golden path, owner: dev, signoff: true }
  - { id: rollback-plan, title: Rollback plan reviewed, owner: dev, signoff: true }
phases:
  - { id: repair, owner: infra, estimate: 1h..2h, exitCriteria: [api-up] }
  - { id: handback, owner: dev, estimate: 0h..1h, exitCriteria: [validation-80, golden-path] }
`;

const INFRA = { name: "ci-infra", role: "infra" };
const DEV = { name: "alice", role: "dev" };

function loadConfig(): IncidentConfig {
  return parseValidConfig(CONFIG);
}

/** Everything the dashboard reads back, at a fixed instant so time-derived fields compare equal. */
async function readBack(db: Db, config: IncidentConfig, now: Date) {
  const [inputs, timeline, runs, signoffs, signoffLog, incident, criterionStates] = await Promise.all([
    readSnapshotInputs(db, config, now),
    listTimeline(db, { limit: 1000 }),
    listTestRuns(db, "validation"),
    currentSignoffs(db),
    db.query("SELECT * FROM signoffs ORDER BY id"),
    getIncidentState(db, config.incident.id),
    getCriterionStates(db),
  ]);
  return { snapshot: buildSnapshot(config, inputs, now), inputs, timeline, runs, signoffs, signoffLog, incident, criterionStates };
}

describe.each(backends)("state survives a restart on $title", (backend) => {
  const test = it.skipIf(backend.skipReason !== null);
  const config = loadConfig();
  const bus = createLocalBus();
  let target: DbTarget | undefined;
  let db: Db | undefined;
  let before: Awaited<ReturnType<typeof readBack>>;
  let after: Awaited<ReturnType<typeof readBack>>;
  const now = new Date();

  beforeAll(async () => {
    if (backend.skipReason) return;
    target = await backend.createTarget();
    db = await openDb(target.options);
    await moveIncident(db, bus, config, INFRA, "remediating");
    await postTimelineEntry(db, bus, INFRA, "update", "VPC connector recreated; probing");
    await recordTestRun(db, bus, config.incident.id, "validation", parseJUnit(buildReport("validation", [...times(9, "pass"), "fail", "skip"])), DEV);
    await signCriterion(db, bus, config, "golden-path", DEV, "sign");
    await signCriterion(db, bus, config, "rollback-plan", DEV, "sign");
    await signCriterion(db, bus, config, "rollback-plan", DEV, "revoke");
    await insertResults(db, [{ componentId: "api", checkedAt: now, ok: true, status: "operational", latencyMs: 12, observations: { STATUS: 200 } }]);
    await reconcile(db, config, bus, now); // api-up met → ready_for_handback by itself
    await postTimelineEntry(db, bus, DEV, "note", "confirming after the golden path run");
    await moveIncident(db, bus, config, DEV, "handed_back");
    await reconcile(db, config, bus, now);
    before = await readBack(db, config, now);
    await db.close();
    db = await openDb(target.options);
    after = await readBack(db, config, now);
  });

  afterAll(async () => {
    await db?.close();
    await target?.cleanup();
  });

  test("wrote what the scenario says before the restart", () => {
    const states = Object.fromEntries(before.snapshot.criteria.map((criterion) => [criterion.id, criterion.state]));
    expect(states).toEqual({ "api-up": "met", "validation-80": "met", "golden-path": "met", "rollback-plan": "unmet" });
    expect(before.incident).toMatchObject({ state: "handed_back", actor: "alice" });
    expect(before.runs.map((run) => [run.tests, run.passed, run.failed, run.skipped, run.passRate, run.actor])).toEqual([[11, 9, 1, 1, 90, "alice"]]);
    const types = before.timeline.map((entry) => entry.type);
    expect(types.filter((type) => type === "criterion")).toHaveLength(4); // each criterion left unknown once
    expect(before.timeline.map((entry) => entry.text)).toEqual(expect.arrayContaining([
      "VPC connector recreated; probing",
      "Incident remediating → ready_for_handback: every infrastructure criterion is met",
      "Incident ready_for_handback → handed_back",
    ]));
  });

  test("the snapshot reads the same after reopening", () => {
    expect(after.snapshot).toEqual(before.snapshot);
    expect(after.inputs).toEqual(before.inputs);
  });

  test.each([
    ["sign-offs (current and log)", (read: typeof before) => [read.signoffs, read.signoffLog]],
    ["test runs", (read: typeof before) => read.runs],
    ["timeline entries (ids, text, actors, data)", (read: typeof before) => read.timeline],
    ["incident state (state, actor, reason, time)", (read: typeof before) => read.incident],
    ["stored criterion states and evidence", (read: typeof before) => read.criterionStates],
  ])("%s are unchanged", (_label, pick) => {
    expect(pick(after)).toEqual(pick(before));
  });

  test("re-evaluating after the restart changes nothing", async () => {
    expect(await reconcile(db!, config, bus, now)).toEqual([]);
    expect((await getIncidentState(db!, config.incident.id))?.state).toBe("handed_back");
  });

  test("timeline ids keep increasing after the reopen", async () => {
    const last = Math.max(...before.timeline.map((entry) => entry.id));
    const next = await postTimelineEntry(db!, bus, INFRA, "note", "written after the restart");
    expect(next.id).toBeGreaterThan(last);
    const newest = await listTimeline(db!, { afterId: last });
    expect(newest.map((entry) => [entry.id, entry.actor, entry.text])).toEqual([[next.id, "ci-infra", "written after the restart"]]);
  });
});
