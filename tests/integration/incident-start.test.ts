import { describe, expect, it } from "vitest";
import { anchorIncidentStart } from "@/lib/db";
import { storageBackends } from "@/tests/support/db-targets";
import { useSuiteStore } from "@/tests/support/suite-store";
import { requireService } from "@/tests/support/services";

// A relative incident start ("-3h") is resolved by the first start and kept: a restart or a second
// instance proposing its own "now − 3h" gets the first value back, on PGlite and on PostgreSQL.
const postgres = await requireService("PostgreSQL", "TEST_DATABASE_URL");

describe.each(storageBackends(postgres))("anchorIncidentStart on $title", (backend) => {
  const test = it.skipIf(backend.skipReason !== null);
  const store = useSuiteStore(backend);

  test("the first proposal is stored; later ones, concurrent or after a reopen, get it back", async () => {
    let db = store.db();
    const first = "2026-11-30T09:00:00.000Z";
    expect(await anchorIncidentStart(db, "ISSUE-1", first)).toBe(first);
    const racing = await Promise.all(["2026-11-30T10:00:00.000Z", "2026-11-30T11:00:00.000Z"].map((at) => anchorIncidentStart(db, "ISSUE-1", at)));
    expect(racing).toEqual([first, first]);
    db = await store.reopen();
    expect(await anchorIncidentStart(db, "ISSUE-1", "2026-12-01T00:00:00.000Z")).toBe(first);
    expect(await anchorIncidentStart(db, "ISSUE-2", "2026-12-01T00:00:00.000Z")).toBe("2026-12-01T00:00:00.000Z");
  });
});
