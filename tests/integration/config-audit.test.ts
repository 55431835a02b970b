import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listTimeline, openDb, type Db } from "@/lib/db";
import { createLocalBus } from "@/lib/events/bus";
import { auditConfigAtStart } from "@/lib/incident/config-audit";
import { storageBackends, type DbTarget } from "@/tests/support/db-targets";
import { requireService } from "@/tests/support/services";
import { editConfig, parseValidConfig } from "@/tests/support/config-text";

// The goalpost audit at start on PGlite and PostgreSQL: the first start stores the config, a start with a
// lowered threshold writes one `config` entry with before and after, an unchanged start writes none, and
// instances starting together with the same change write it once (PostgreSQL: two separate pools).
const postgres = await requireService("PostgreSQL", "TEST_DATABASE_URL");

const BASE = editConfig(
  "phases:",
  `  - id: validation-80
    title: Validation suite passes
    owner: infra
    auto: { suite: unit, conditions: ["[PASS_RATE] >= 80"] }
phases:`,
);
const config = (threshold: number, incidentId = "T-1") =>
  parseValidConfig(editConfig("id: T-1", `id: ${incidentId}`, editConfig('"[PASS_RATE] >= 80"', `"[PASS_RATE] >= ${threshold}"`, BASE)));

describe.each(storageBackends(postgres))("auditConfigAtStart on $title", (backend) => {
  const test = it.skipIf(backend.skipReason !== null);
  let target: DbTarget | undefined;
  let db: Db;
  let other: Db; // a second instance's pool (PostgreSQL); PGlite is one process, so the same handle
  beforeAll(async () => {
    if (backend.skipReason) return;
    target = await backend.createTarget();
    db = await openDb(target.options);
    other = backend.kind === "postgres" ? await openDb(target.options) : db;
  });
  afterAll(async () => {
    if (other !== db) await other?.close();
    await db?.close();
    await target?.cleanup();
  });
  const configEntries = async (incidentId = "T-1") => (await listTimeline(db, incidentId, { types: ["config"] })).reverse();

  test("start 1 stores, start 2 records the lowered threshold, start 3 records nothing", async () => {
    const bus = createLocalBus();
    const published: unknown[] = [];
    bus.subscribe((event) => published.push(event));
    expect(await auditConfigAtStart(db, bus, config(80))).toEqual([]);
    expect(await configEntries()).toEqual([]);

    const [entry] = await auditConfigAtStart(db, bus, config(60));
    expect(await configEntries()).toHaveLength(1);
    expect(entry).toMatchObject({
      type: "config",
      actor: "config",
      text: "criterion validation-80: conditions `[PASS_RATE] >= 80` → `[PASS_RATE] >= 60`",
      data: { incidentId: "T-1", kind: "criterion", id: "validation-80", field: "conditions", before: "`[PASS_RATE] >= 80`", after: "`[PASS_RATE] >= 60`" },
    });
    expect(published).toEqual([{ type: "timeline", id: entry!.id, data: entry }]);

    expect(await auditConfigAtStart(db, bus, config(60))).toEqual([]);
    expect(await configEntries()).toHaveLength(1);
  });

  test("two instances starting together with a changed config write its entry once", async () => {
    const bus = createLocalBus();
    await auditConfigAtStart(db, bus, config(80, "T-2"));
    const before = (await configEntries("T-2")).length;
    const written = await Promise.all([auditConfigAtStart(db, bus, config(50, "T-2")), auditConfigAtStart(other, bus, config(50, "T-2"))]);
    expect(written.map((entries) => entries.length).sort()).toEqual([0, 1]);
    const added = (await configEntries("T-2")).slice(before);
    expect(added.map((entry) => entry.data)).toMatchObject([{ incidentId: "T-2", before: "`[PASS_RATE] >= 80`", after: "`[PASS_RATE] >= 50`" }]);
  });

  test("going back to an earlier config is a change too", async () => {
    const bus = createLocalBus();
    await auditConfigAtStart(db, bus, config(80, "T-3"));
    await auditConfigAtStart(db, bus, config(70, "T-3"));
    const [back] = await auditConfigAtStart(db, bus, config(80, "T-3"));
    expect(back?.data).toMatchObject({ before: "`[PASS_RATE] >= 70`", after: "`[PASS_RATE] >= 80`" });
  });
});
