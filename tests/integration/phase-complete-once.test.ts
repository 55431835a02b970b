import { describe, expect, it } from "vitest";
import { listTimeline, migrate } from "@/lib/db";
import { completePhase } from "@/lib/incident/actions";
import { AppError } from "@/lib/errors";
import { createLocalBus } from "@/lib/events/bus";
import { storageBackends } from "@/tests/support/db-targets";
import { useSuiteStore } from "@/tests/support/suite-store";
import { requireService } from "@/tests/support/services";
import { incidentYaml } from "../support/api-harness";
import { parseValidConfig } from "../support/config-text";

// Gap: concurrent POST /api/phases/{id}/complete calls each recorded a completion. Ten calls at once on
// PGlite and on a real PostgreSQL: one completes the phase, nine get CONFLICT, one timeline entry.

const postgres = await requireService("PostgreSQL", "TEST_DATABASE_URL");
const config = parseValidConfig(incidentYaml(1, 2));
const ACTOR = { name: "ci-infra", role: "infra" };

describe.each(storageBackends(postgres))("completing a phase on $title", (backend) => {
  const test = it.skipIf(backend.skipReason !== null);
  const store = useSuiteStore(backend);

  test("10 concurrent calls record one completion; the others are CONFLICT", async () => {
    const db = store.db();
    const bus = createLocalBus();
    const published: unknown[] = [];
    bus.subscribe((event) => void published.push(event));
    const outcomes = await Promise.allSettled(Array.from({ length: 10 }, () => completePhase(db, bus, config, "repair", ACTOR)));
    expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(1);
    for (const outcome of outcomes.filter((candidate) => candidate.status === "rejected")) {
      expect(outcome.reason).toBeInstanceOf(AppError);
      expect(outcome.reason).toMatchObject({ code: "CONFLICT", message: 'phase "repair" is already completed' });
    }
    const entries = await listTimeline(db, config.incident.id, { types: ["phase"] });
    expect(entries.filter((entry) => entry.data?.phaseId === "repair" && entry.data.action === "completed")).toHaveLength(1);
    expect(published).toHaveLength(1);
    await completePhase(db, bus, config, "handback", ACTOR); // another phase is not affected
  });

  test("migration 007 keeps earlier duplicates in the timeline but lets only the first count", async () => {
    const db = store.db();
    await db.exec("DROP INDEX timeline_events_phase_completed_once; DELETE FROM schema_migrations WHERE version = 7");
    const data = { phaseId: "repair", action: "completed" };
    const again = await db.query<{ id: number }>("INSERT INTO timeline_events (incident_id, type, text, data) VALUES ($2, 'phase', 'again', $1::jsonb) RETURNING id", [JSON.stringify(data), config.incident.id]);
    expect(await migrate(db)).toEqual([7]);
    const rows = await db.query<{ id: number; action: string }>("SELECT id, data->>'action' AS action FROM timeline_events WHERE type = 'phase' AND data->>'phaseId' = 'repair' ORDER BY id");
    expect(rows.map((row) => row.action)).toEqual(["completed", "repeated"]);
    expect(Number(rows[1]!.id)).toBe(Number(again[0]!.id));
  });
});
