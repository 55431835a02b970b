import { describe, expect, it } from "vitest";
import { getIncidentState, insertResults, listTimeline, setIncidentState, type Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { createLocalBus, type BusEvent } from "@/lib/events/bus";
import { moveIncident, rejectHandback, signCriterion } from "@/lib/incident/actions";
import { reconcile } from "@/lib/incident/reconcile";
import { storageBackends } from "@/tests/support/db-targets";
import { requireService } from "@/tests/support/services";
import { useSuiteStore } from "@/tests/support/suite-store";
import { parseValidConfig } from "../support/config-text";

// The one gate and the watch after the handback, on PGlite and on a real PostgreSQL: `resolved` is refused
// with the unmet criteria until every criterion is met and the watch ended clean; an infra criterion that
// turns unmet during the watch reopens the incident once, however many reconciles see it at the same time.

const postgres = await requireService("PostgreSQL", "TEST_DATABASE_URL");

const config = parseValidConfig(`incident: { id: W-1, title: Watch, severity: P1, startedAt: 2025-01-01T00:00:00Z }
teams: [{ id: infra }, { id: dev }, { id: leadership }]
defaults: { interval: 1h, timeout: 1s }
components:
  - id: api
    probe: { type: http, url: "http://127.0.0.1:9/health" }
    conditions: ["[STATUS] == 200"]
criteria:
  - { id: api-up, title: API answers 200, owner: infra, auto: { components: [api], conditions: ["[STATUS] == 200"], window: 1 } }
  - { id: golden-path, title: Golden path, owner: dev, signoff: true }
handback: { watch: 2h }
`);
const INFRA = { name: "ci-infra", role: "infra" };
const DEV = { name: "alice", role: "dev" };
const LEAD = { name: "bob", role: "leadership" };
const MINUTE = 60_000;
// Each probe result is a minute after the last one, so the newest result is always the one just written.
let clock = Date.now();
const nextMinute = () => new Date((clock += MINUTE));

async function probe(db: Db, status: number, at: Date): Promise<void> {
  const ok = status === 200;
  await insertResults(db, config.incident.id, [{ componentId: "api", checkedAt: at, ok, status: ok ? "operational" : "down", latencyMs: 5, observations: { STATUS: status } }]);
}

/** investigating → remediating → (api answers) ready_for_handback → handed_back, as the real actions do it. */
async function handBack(db: Db): Promise<void> {
  const bus = createLocalBus();
  const state = (await getIncidentState(db, config.incident.id))?.state ?? "investigating";
  if (state === "investigating") await moveIncident(db, bus, config, INFRA, "remediating");
  const at = nextMinute();
  await probe(db, 200, at);
  await reconcile(db, config, bus, at);
  expect((await getIncidentState(db, config.incident.id))?.state).toBe("ready_for_handback");
  await moveIncident(db, bus, config, DEV, "handed_back");
}

async function refusal(attempt: Promise<unknown>): Promise<AppError> {
  const error = await attempt.then(() => null, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe.each(storageBackends(postgres))("the gate and the watch on $title", (backend) => {
  const test = it.skipIf(backend.skipReason !== null);
  const store = useSuiteStore(backend);
  const resolve = (db: Db) => moveIncident(db, createLocalBus(), config, LEAD, "resolved");

  test("resolved is refused with the unmet criteria and the running watch", async () => {
    const db = store.db();
    await handBack(db);
    const error = await refusal(resolve(db));
    expect(error.code).toBe("CONFLICT");
    expect(error.message).toMatch(/^cannot resolve: 1 criteria are not met \(golden-path\); the watch after the handback runs until /);
    expect(error.details).toMatchObject({ unmet: [{ id: "golden-path", title: "Golden path", owner: "dev", state: "unmet" }], watch: { ended: false } });
    // Signed, but the watch still runs: refused on the watch alone.
    await signCriterion(db, createLocalBus(), config, "golden-path", DEV, "sign");
    await reconcile(db, config, createLocalBus());
    const watching = await refusal(resolve(db));
    expect(watching.details).toMatchObject({ unmet: [] });
    expect(watching.message).toMatch(/^cannot resolve: the watch after the handback runs until /);
    expect((await getIncidentState(db, config.incident.id))?.state).toBe("handed_back");
  });

  test("an infra criterion turning unmet during the watch reopens the incident once, with a regression entry", async () => {
    const db = store.db();
    const failedAt = nextMinute();
    await probe(db, 502, failedAt);
    const buses = Array.from({ length: 6 }, () => createLocalBus());
    const published: BusEvent[] = [];
    for (const bus of buses) bus.subscribe((event) => void published.push(event));
    // Six instances reconcile the same evidence at once: one writes the regression.
    await Promise.all(buses.map((bus) => reconcile(db, config, bus, failedAt)));
    expect((await getIncidentState(db, config.incident.id))).toMatchObject({ state: "remediating", actor: "handback" });
    const regressions = await listTimeline(db, config.incident.id, { types: ["regression"] });
    expect(regressions).toHaveLength(1);
    expect(regressions[0]!.text).toMatch(/^Regression during the watch after the handback: "API answers 200" \(api: .*STATUS.*\) no longer met$/);
    expect(regressions[0]!.data).toMatchObject({ criteria: [{ criterionId: "api-up", title: "API answers 200" }] });
    const [move] = await listTimeline(db, config.incident.id, { types: ["state"], limit: 1 });
    expect(move).toMatchObject({ actor: "handback", data: { from: "handed_back", to: "remediating" } });
    expect(published.filter((event) => event.type === "incident")).toEqual([expect.objectContaining({ data: expect.objectContaining({ state: "remediating", from: "handed_back" }) })]);
    expect(published.filter((event) => event.type === "timeline" && (event.data as { type: string }).type === "regression")).toHaveLength(1);
  });

  test("after the watch ended clean, a failure is no regression, and resolved needs every criterion met", async () => {
    const db = store.db();
    await handBack(db);
    // The handback three hours before the test clock (ahead of the wall clock by a few minutes): the 2h watch is over.
    await setIncidentState(db, { incidentId: config.incident.id, state: "handed_back", updatedAt: new Date(clock - 180 * MINUTE), actor: DEV.name });
    const failedAt = nextMinute();
    await probe(db, 502, failedAt);
    await reconcile(db, config, createLocalBus(), failedAt);
    expect((await getIncidentState(db, config.incident.id))?.state).toBe("handed_back");
    expect(await listTimeline(db, config.incident.id, { types: ["regression"] })).toHaveLength(1); // the earlier one only
    const error = await refusal(resolve(db));
    expect(error.details).toMatchObject({ unmet: [{ id: "api-up", state: "unmet" }], watch: { ended: true } });
    const healedAt = nextMinute();
    await probe(db, 200, healedAt);
    await reconcile(db, config, createLocalBus(), healedAt);
    expect(await resolve(db)).toBe("resolved");
  });
});

describe.each(storageBackends(postgres))("a rejection names the criteria it disputes on $title", (backend) => {
  const test = it.skipIf(backend.skipReason !== null);
  const store = useSuiteStore(backend);

  test("the disputed ids are validated and stored in the state entry's data", async () => {
    const db = store.db();
    await handBack(db);
    const unknown = await refusal(rejectHandback(db, createLocalBus(), config, DEV, "login 502", ["golden-path", "nope"]));
    expect(unknown).toMatchObject({ code: "BAD_REQUEST", message: 'criteria: no criterion with id "nope"' });
    expect(await rejectHandback(db, createLocalBus(), config, DEV, "login 502", ["api-up", "golden-path"])).toBe("remediating");
    const [entry] = await listTimeline(db, config.incident.id, { types: ["state"], limit: 1 });
    expect(entry).toMatchObject({
      actor: "alice",
      text: 'Incident handed_back → remediating: login 502 (disputes: "API answers 200", "Golden path")',
      data: { from: "handed_back", to: "remediating", reason: "login 502", disputed: ["api-up", "golden-path"] },
    });
  });
});
