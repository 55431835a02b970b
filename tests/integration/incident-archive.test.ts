import { describe, expect, it } from "vitest";
import { appendTimeline, insertTransition, noteIncidentResolution, upsertIncident, type Db } from "@/lib/db";
import type { IncidentConfig } from "@/lib/config";
import { readReport } from "@/lib/report";
import { readArchive } from "@/lib/report/archive";
import { definitionOf } from "@/lib/report/definition";
import { storageBackends } from "@/tests/support/db-targets";
import { requireService } from "@/tests/support/services";
import { useSuiteStore } from "@/tests/support/suite-store";
import { editConfig, parseValidConfig } from "../support/config-text";

// The archive's list (docs/incidents.md "The archive"): state, duration and peak ARR at risk per incident,
// equal to what each report says, stored once (migration 019) and computed again only when the incident's
// facts moved. Both stores.

const postgres = await requireService("PostgreSQL", "TEST_DATABASE_URL");

// MINIMAL_CONFIG's impact: the demos segment (ARR 1000, exposure 0.5) depends on api, which depends on db.
const configOf = (id: string, startedAt: string) => parseValidConfig(editConfig("startedAt: 2025-01-01T00:00:00Z", `startedAt: ${startedAt}`, editConfig("id: T-1", `id: ${id}`)));
const PAST = configOf("PAST-1", "2025-01-01T00:00:00Z");
const LIVE = configOf("LIVE-2", "2025-02-01T00:00:00Z");
const H = 3_600_000;
const after = (config: IncidentConfig, hours: number) => new Date(Date.parse(config.incident.startedAt) + hours * H).toISOString();

async function opened(db: Db, config: IncidentConfig): Promise<void> {
  const { id, title, severity, startedAt } = config.incident;
  await upsertIncident(db, { id, title, severity, startedAt, definition: { ...definitionOf(config) } });
}

async function move(db: Db, config: IncidentConfig, componentId: string, fromStatus: "operational" | "degraded" | "down" | null, toStatus: "operational" | "degraded" | "down", hours: number) {
  await insertTransition(db, config.incident.id, { componentId, fromStatus, toStatus, at: after(config, hours) });
}

describe.each(storageBackends(postgres))("the archive list on $title", (backend) => {
  const store = useSuiteStore(backend);
  const live = (hours: number) => ({ incidentId: LIVE.incident.id, now: new Date(after(LIVE, hours)) });
  const rowOf = async (id: string, hours = 2) => (await readArchive(store.db(), live(hours))).find((incident) => incident.id === id)!;

  it.skipIf(backend.skipReason)("a past incident lists the report's duration and peak ARR at risk, stored once", async () => {
    const db = store.db();
    await opened(db, PAST);
    await move(db, PAST, "api", null, "operational", 0.1);
    await move(db, PAST, "api", "operational", "down", 1);
    await move(db, PAST, "db", null, "down", 2);
    await move(db, PAST, "db", "down", "operational", 2.5);
    await move(db, PAST, "api", "down", "operational", 3);
    await appendTimeline(db, PAST.incident.id, { type: "note", text: "all green", at: after(PAST, 4) });
    await db.query(`INSERT INTO incident_state (incident_id, state) VALUES ($1, 'resolved')`, [PAST.incident.id]);
    await noteIncidentResolution(db, PAST.incident.id, after(PAST, 5));
    await opened(db, LIVE);

    const row = await rowOf(PAST.incident.id);
    const report = await readReport(db, PAST.incident.id);
    expect(row).toMatchObject({ state: "resolved", durationMs: 5 * H, ongoing: false, peakArrAtRisk: 500, peakAt: after(PAST, 1), currency: "USD" });
    expect([row.durationMs, row.peakArrAtRisk, row.peakAt]).toEqual([report.incident.durationMs, report.impact?.peakArrAtRisk, report.impact?.peakAt]);

    // The list reads the stored summary while the facts stand still: a planted value comes back as is ...
    await db.query(`UPDATE incidents SET summary = jsonb_set(summary, '{peakArrAtRisk}', '12345') WHERE id = $1`, [PAST.incident.id]);
    expect((await rowOf(PAST.incident.id)).peakArrAtRisk).toBe(12345);
    // ... and a new fact of that incident moves its mark, so the summary is computed again.
    await move(db, PAST, "api", "operational", "degraded", 4.5);
    expect((await rowOf(PAST.incident.id)).peakArrAtRisk).toBe(500);
  });

  it.skipIf(backend.skipReason)("the live incident's duration runs to now and its peak follows new transitions", async () => {
    const db = store.db();
    expect(await rowOf(LIVE.incident.id, 2)).toMatchObject({ durationMs: 2 * H, ongoing: true, peakArrAtRisk: 0 });
    await move(db, LIVE, "api", null, "degraded", 0.5);
    expect(await rowOf(LIVE.incident.id, 3)).toMatchObject({ durationMs: 3 * H, peakArrAtRisk: 250, peakAt: after(LIVE, 0.5) });
    await move(db, LIVE, "db", null, "down", 1);
    await move(db, LIVE, "db", "down", "operational", 1.5);
    const row = await rowOf(LIVE.incident.id, 4);
    expect(row).toMatchObject({ peakArrAtRisk: 500, peakAt: after(LIVE, 1) });
    expect(row.peakArrAtRisk).toBe((await readReport(db, LIVE.incident.id)).impact?.peakArrAtRisk);
  });

  it.skipIf(backend.skipReason)("an incident stored before its definition was (migration 014) lists its duration and no peak", async () => {
    const db = store.db();
    await upsertIncident(db, { id: "OLD-0", title: "Before definitions", severity: "P2", startedAt: "2024-12-01T00:00:00Z" });
    await appendTimeline(db, "OLD-0", { type: "note", text: "one note", at: "2024-12-01T02:30:00Z" });
    await db.query(`UPDATE incidents SET summary = NULL, summary_mark = NULL WHERE id = 'OLD-0'`);
    expect(await rowOf("OLD-0")).toMatchObject({ state: null, durationMs: 2.5 * H, ongoing: false, peakArrAtRisk: null, currency: null });
    expect((await readArchive(db, live(2))).map((incident) => incident.id)).toEqual(["LIVE-2", "PAST-1", "OLD-0"]);
  });
});
