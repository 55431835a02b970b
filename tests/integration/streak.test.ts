import { describe, expect, it } from "vitest";
import { openDb } from "@/lib/db";
import { startEngine } from "@/lib/engine/engine";
import { createLocalBus, type BusEvent } from "@/lib/events/bus";
import { startHttpTarget } from "@/lib/lab";
import { buildSnapshot } from "@/lib/snapshot/build";
import { readSnapshotInputs } from "@/lib/snapshot/read";
import { storageBackends } from "@/tests/support/db-targets";
import { requireService } from "@/tests/support/services";
import { parseValidConfig } from "../support/config-text";

// The streak below failureThreshold is what the page shows as "Failing · 1 of 3": it is read from the stored
// component state, so it survives what the status survives (an engine restart on the same store).

const postgres = await requireService("PostgreSQL", "TEST_DATABASE_URL");

const configFor = (port: number) =>
  parseValidConfig(`incident: { id: S-1, title: Streak, severity: P1, startedAt: 2025-01-01T00:00:00Z }
teams: [{ id: infra }]
defaults: { interval: 1h, timeout: 1s, failureThreshold: 3, successThreshold: 2 }
components:
  - id: api
    probe: { type: http, url: "http://127.0.0.1:${port}/health" }
    conditions: ["[STATUS] == 200"]
`);

describe.each(storageBackends(postgres))("the streak on $title", (backend) => {
  it.skipIf(backend.skipReason !== null)("is in the snapshot and the component event, and survives an engine restart", async () => {
    const target = await backend.createTarget();
    const http = await startHttpTarget();
    const config = configFor(http.port);
    const events: BusEvent[] = [];
    const bus = createLocalBus();
    bus.subscribe((event) => void events.push(event));
    let db = await openDb(target.options);
    try {
      const snapshotApi = async () => buildSnapshot(config, await readSnapshotInputs(db, config, new Date()), new Date()).components[0]!;
      http.setMode("error", { status: 503 });
      let engine = await startEngine({ config, db, bus, concurrency: 1, manual: true });
      await engine.runNow(["api"]);
      await engine.stop();
      expect(await snapshotApi()).toMatchObject({ status: "unknown", confirming: { verdict: "fail", count: 1, of: 3 } });
      expect(events.find((event) => event.type === "component")?.data).toMatchObject({ status: "unknown", confirming: { verdict: "fail", count: 1, of: 3 } });

      await db.close();
      db = await openDb(target.options);
      engine = await startEngine({ config, db, bus, concurrency: 1, manual: true });
      await engine.runNow(["api"]);
      expect(await snapshotApi()).toMatchObject({ status: "unknown", confirming: { verdict: "fail", count: 2, of: 3 } });
      await engine.runNow(["api"]);
      expect(await snapshotApi()).toMatchObject({ status: "down", confirming: null });
      http.setMode("ok");
      await engine.runNow(["api"]);
      expect(await snapshotApi()).toMatchObject({ status: "down", confirming: { verdict: "pass", count: 1, of: 2 } });
      await engine.stop();
    } finally {
      await db.close();
      await http.close();
      await target.cleanup();
    }
  }, 60_000);
});
