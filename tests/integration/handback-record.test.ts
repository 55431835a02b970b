import { describe, expect, it } from "vitest";
import { appendTimeline, getIncidentState, insertResults, insertTransition, listHandbackRecords, listIncidents, resultsByIds, upsertIncident, type Db } from "@/lib/db";
import { rollUpResults } from "@/lib/db/rollups";
import { runReport } from "@/lib/cli/report";
import { runVerify } from "@/lib/cli/verify";
import type { IncidentConfig } from "@/lib/config";
import { renderReport } from "@/lib/report";
import { definitionOf } from "@/lib/report/definition";
import { createLocalBus } from "@/lib/events/bus";
import { readLatestConfirm, readRecords, readRecordWithEvidence } from "@/lib/handback/read";
import { verifyChain } from "@/lib/handback/record";
import { moveIncident, rejectHandback, signCriterion } from "@/lib/incident/actions";
import { reconcile } from "@/lib/incident/reconcile";
import { storageBackends } from "@/tests/support/db-targets";
import { requireService } from "@/tests/support/services";
import { useSuiteStore } from "@/tests/support/suite-store";
import { parseValidConfig } from "../support/config-text";

// The handback record (docs/incidents.md): frozen at every confirm and reject with the exact evidence ids,
// unchanged by later probes and retention (which keeps the rows it names), hash-chained, and a tampered row
// is named by `handback verify`. Both stores.

const postgres = await requireService("PostgreSQL", "TEST_DATABASE_URL");

// One component judged on its last 3 results, one sign-off (flow style: the record is what this file is about).
const config = parseValidConfig(`incident: { id: R-1, title: Records, severity: P1, startedAt: 2025-01-01T00:00:00Z }
teams: [{ id: infra }, { id: dev }, { id: leadership }]
components: [{ id: api, interval: 1h, timeout: 1s, probe: { type: http, url: "http://127.0.0.1:9/health" }, conditions: ["[STATUS] == 200"] }]
criteria: [{ id: api-up, title: API answers 200, owner: infra, auto: { components: [api], conditions: ["[STATUS] == 200"], window: 3 } },
  { id: golden-path, title: Golden path, owner: dev, signoff: true }]
`);
const INCIDENT = config.incident.id;
const INFRA = { name: "ci-infra", role: "infra" };
const DEV = { name: "alice", role: "dev" };
const MINUTE = 60_000;
const T0 = Date.parse("2025-01-01T01:00:00Z");
let minute = 0;
const nextMinute = () => new Date(T0 + ++minute * MINUTE);

async function probe(db: Db, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    await insertResults(db, INCIDENT, [{ componentId: "api", checkedAt: nextMinute(), ok: true, status: "operational", latencyMs: 5, observations: { STATUS: 200 } }]);
  }
}

/** Passing results until the gate offers the handback, then the dev team confirms. */
async function confirm(db: Db): Promise<void> {
  const bus = createLocalBus();
  if ((await getIncidentState(db, INCIDENT))?.state !== "remediating") await moveIncident(db, bus, config, INFRA, "remediating");
  await probe(db, 3);
  await reconcile(db, config, bus, new Date(T0 + minute * MINUTE));
  expect((await getIncidentState(db, INCIDENT))?.state).toBe("ready_for_handback");
  await moveIncident(db, bus, config, DEV, "handed_back");
}

/** What boot does for the archive: the incident's row with the definition its report reads. */
async function opened(db: Db, incident: IncidentConfig): Promise<void> {
  const { id, title, severity, startedAt } = incident.incident;
  await upsertIncident(db, { id, title, severity, startedAt, definition: { ...definitionOf(incident) } });
}

describe.each(storageBackends(postgres))("handback records on $title", (backend) => {
  const test = it.skipIf(backend.skipReason !== null);
  const store = useSuiteStore(backend);

  test("a confirmed record names its evidence and is unchanged after 50 more results and a retention pass", async () => {
    const db = store.db();
    await opened(db, config);
    await insertTransition(db, INCIDENT, { componentId: "api", fromStatus: null, toStatus: "down", at: "2025-01-01T00:30:00Z" });
    await expect(readLatestConfirm(db, INCIDENT)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await signCriterion(db, createLocalBus(), config, "golden-path", DEV, "sign", { note: "checked" });
    await confirm(db);
    const record = await readLatestConfirm(db, INCIDENT);
    expect(record).toMatchObject({ incidentId: INCIDENT, action: "confirm", confirmedBy: "alice", team: "dev", previousHash: null, disputed: [] });
    expect(record.hash).toMatch(/^[0-9a-f]{64}$/);
    const apiUp = record.criteria.find((criterion) => criterion.id === "api-up")!;
    expect(apiUp).toMatchObject({ state: "met" });
    expect(apiUp.evidence.resultIds).toHaveLength(3);
    const golden = record.criteria.find((criterion) => criterion.id === "golden-path")!;
    expect(golden.evidence.signoffId).toBe(record.signoffs[0]!.id);

    await probe(db, 50);
    await reconcile(db, config, createLocalBus(), new Date(T0 + minute * MINUTE));
    const pass = await rollUpResults(db, INCIDENT, new Date(T0 + (minute + 60) * MINUTE));
    expect(pass.rolledUp).toBe(49); // 53 results: 3 named by the record and the newest are kept
    expect(await readLatestConfirm(db, INCIDENT)).toEqual(record);
    const { results } = await readRecordWithEvidence(db, INCIDENT, record.id);
    expect(results.map((row) => row.id)).toEqual(apiUp.evidence.resultIds);
    expect(await resultsByIds(db, INCIDENT, apiUp.evidence.resultIds)).toHaveLength(3);
  });

  test("every reject and confirm joins one chain; a tampered row is found by handback verify", async () => {
    const db = store.db();
    await rejectHandback(db, createLocalBus(), config, DEV, "login still flaky", ["golden-path"]);
    await confirm(db);
    const records = await readRecords(db, INCIDENT);
    expect(records.map((r) => r.action)).toEqual(["confirm", "reject", "confirm"]);
    expect(records[1]).toMatchObject({ reason: "login still flaky", disputed: ["golden-path"], previousHash: records[0]!.hash });
    expect(records[2]!.previousHash).toBe(records[1]!.hash);
    expect(verifyChain(await listHandbackRecords(db, INCIDENT))).toEqual([]);
    expect((await readLatestConfirm(db, INCIDENT)).id).toBe(records[2]!.id);

    await db.query(`UPDATE handback_records SET body = replace(body, '"alice"', '"mallory"') WHERE id = $1`, [records[1]!.id]);
    const problems = verifyChain(await listHandbackRecords(db, INCIDENT));
    expect(problems.map((p) => [p.recordId, p.code])).toEqual([[records[1]!.id, "HASH_MISMATCH"], [records[1]!.id, "ROW_MISMATCH"]]);

    if (backend.kind === "postgres") {
      // The CLI itself, against the same PostgreSQL database.
      const out: string[] = [];
      const err: string[] = [];
      const env = { DATABASE_URL: store.options().databaseUrl };
      const code = await runVerify(["--incident", INCIDENT], { env, cwd: process.cwd(), repoRoot: process.cwd(), stdout: (l) => out.push(l), stderr: (l) => err.push(l) });
      expect(code).toBe(1);
      expect(err.join("\n")).toMatch(new RegExp(`HASH_MISMATCH record ${records[1]!.id} \\(R-1\\)`));
      expect(out).toEqual(["R-1: 3 records, 2 problems"]);
    }
  });

  test("a restart with a second incident id keeps the first incident's report byte-identical", async () => {
    const before = { md: await renderReport(store.db(), INCIDENT, "md"), json: await renderReport(store.db(), INCIDENT, "json") };
    expect(before.md).toContain("# Post-incident report: R-1 — Records");
    expect(before.md).toMatch(/\| Criterion \| Owner \| State \| Since \| Evidence \|/);
    expect(before.md).toContain("## Handback records");
    expect(before.md).toMatch(/\| \d+ \| confirm \| .* \| alice \(dev\) \|/);

    const db = await store.reopen();
    const second = parseValidConfig(`incident: { id: R-2, title: Second, severity: P2, startedAt: 2025-02-01T00:00:00Z }
teams: [{ id: infra }, { id: dev }]
components: [{ id: api, interval: 1h, timeout: 1s, probe: { type: http, url: "http://127.0.0.1:9/health" } }]
`);
    await opened(db, second);
    await appendTimeline(db, "R-2", { type: "note", text: "second incident", actor: "bob", team: "infra" });
    await insertResults(db, "R-2", [{ componentId: "api", checkedAt: "2025-02-01T00:01:00Z", ok: false }, { componentId: "api", checkedAt: "2025-02-01T00:02:00Z", ok: false }]);
    await insertTransition(db, "R-2", { componentId: "api", fromStatus: null, toStatus: "down", at: "2025-02-01T00:01:00Z" });
    await rollUpResults(db, "R-2", "2025-03-01T00:00:00Z");
    expect(await renderReport(db, INCIDENT, "md")).toBe(before.md);
    expect(await renderReport(db, INCIDENT, "json")).toBe(before.json);
    expect((await listIncidents(db)).map((incident) => incident.id)).toEqual(["R-2", "R-1"]);

    if (backend.kind === "postgres") {
      const out: string[] = [];
      const context = { env: { DATABASE_URL: store.options().databaseUrl }, cwd: process.cwd(), repoRoot: process.cwd(), stdout: (l: string) => out.push(l), stderr: () => undefined };
      expect(await runReport(["--incident", INCIDENT], context)).toBe(0);
      expect(`${out.join("\n")}\n`).toBe(before.md.endsWith("\n") ? before.md : `${before.md}\n`);
    }
  });
});
