import { describe, expect, it } from "vitest";
import { appendTimeline, listTimeline } from "@/lib/db";
import { readWholeTimeline } from "@/lib/report/data";
import { storageBackends } from "@/tests/support/db-targets";
import { requireService } from "@/tests/support/services";
import { useSuiteStore } from "@/tests/support/suite-store";

// The timeline at incident length (issue #13): paging back past the newest 200 with a cursor, text search,
// a time range and "people only"; never another incident's entries. Both stores.

const postgres = await requireService("PostgreSQL", "TEST_DATABASE_URL");
const T0 = Date.parse("2025-03-01T00:00:00Z");
const at = (minute: number) => new Date(T0 + minute * 60_000).toISOString();

describe.each(storageBackends(postgres))("timeline queries on $title", (backend) => {
  const test = it.skipIf(backend.skipReason !== null);
  const store = useSuiteStore(backend);

  test("pages, searches, bounds by time and keeps people only, within one incident", async () => {
    const db = store.db();
    for (let minute = 0; minute < 250; minute++) {
      const human = minute % 50 === 0;
      await appendTimeline(db, "TL-1", { type: human ? "note" : "transition", text: human ? `note ${minute}: 50% of_users` : `api: down → up ${minute}`, actor: human ? "alice" : "probe", at: at(minute) });
    }
    await appendTimeline(db, "TL-2", { type: "note", text: "note from elsewhere", at: at(10) });

    const first = await listTimeline(db, "TL-1", { limit: 200 });
    const next = await listTimeline(db, "TL-1", { limit: 200, beforeId: first.at(-1)!.id });
    expect(first).toHaveLength(200);
    expect(next).toHaveLength(50);
    expect([...first, ...next].map((e) => e.at)).toEqual(Array.from({ length: 250 }, (_, i) => at(249 - i)));

    expect((await listTimeline(db, "TL-1", { people: true, limit: 200 })).map((e) => e.text)).toEqual([200, 150, 100, 50, 0].map((m) => `note ${m}: 50% of_users`));
    expect((await listTimeline(db, "TL-1", { search: "50% OF_", limit: 200 })).map((e) => e.text)).toHaveLength(5);
    expect(await listTimeline(db, "TL-1", { search: "5_%", limit: 200 })).toEqual([]); // literal, not a pattern
    expect((await listTimeline(db, "TL-1", { since: at(10), until: at(13), limit: 200 })).map((e) => e.at)).toEqual([at(12), at(11), at(10)]);
    expect((await readWholeTimeline(db, "TL-1")).length).toBe(250);
    expect((await listTimeline(db, "TL-2")).map((e) => e.text)).toEqual(["note from elsewhere"]);
  });
});
