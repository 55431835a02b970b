import { describe, expect, it } from "vitest";
import { statusSnapshotSchema } from "@/lib/api/contract/status";
import { openDb } from "@/lib/db";
import { startEngine } from "@/lib/engine/engine";
import { createLocalBus } from "@/lib/events/bus";
import { startHttpTarget } from "@/lib/lab";
import { buildSnapshot } from "@/lib/snapshot/build";
import { readSnapshotInputs } from "@/lib/snapshot/read";
import { storageBackends } from "@/tests/support/db-targets";
import { requireService } from "@/tests/support/services";
import { parseValidConfig } from "../support/config-text";

// A diamond (web → api, cache; api, cache → db) probed for real and read back from storage: the snapshot
// names db as the one root cause while it is down, and api + cache once db recovers and they do not.

const postgres = await requireService("PostgreSQL", "TEST_DATABASE_URL");

const configFor = (bottom: number, top: number) =>
  parseValidConfig(`incident: { id: RC-1, title: Diamond, severity: P1, startedAt: 2025-01-01T00:00:00Z }
teams: [{ id: infra }]
defaults: { interval: 1h, timeout: 1s, failureThreshold: 1, successThreshold: 1 }
components:
  - { id: web, dependsOn: [api, cache], probe: { type: http, url: "http://127.0.0.1:${top}/web" }, conditions: ["[STATUS] == 200"] }
  - { id: api, dependsOn: [db], probe: { type: http, url: "http://127.0.0.1:${top}/api" }, conditions: ["[STATUS] == 200"] }
  - { id: cache, dependsOn: [db], probe: { type: http, url: "http://127.0.0.1:${top}/cache" }, conditions: ["[STATUS] == 200"] }
  - { id: db, probe: { type: http, url: "http://127.0.0.1:${bottom}/db" }, conditions: ["[STATUS] == 200"] }
impact:
  segments:
    - { id: demos, name: Demos, arr: 200000, exposure: 1, dependsOn: [web] }
`);

describe.each(storageBackends(postgres))("root causes on $title", (backend) => {
  it.skipIf(backend.skipReason !== null)("come from stored results through the diamond, in /api/status's shape", async () => {
    const target = await backend.createTarget();
    const [bottom, top] = [await startHttpTarget(), await startHttpTarget()];
    const config = configFor(bottom.port, top.port);
    const db = await openDb(target.options);
    const engine = await startEngine({ config, db, bus: createLocalBus(), concurrency: 1, manual: true });
    const snapshot = async () => statusSnapshotSchema.parse(buildSnapshot(config, await readSnapshotInputs(db, config, new Date()), new Date()));
    const causes = async () => Object.fromEntries((await snapshot()).components.map((component) => [component.id, component.rootCause]));
    try {
      bottom.setMode("error", { status: 503 });
      top.setMode("error", { status: 503 });
      await engine.runNow(["web", "api", "cache", "db"]);
      expect(await causes()).toEqual({ web: ["db"], api: ["db"], cache: ["db"], db: [] });
      expect((await snapshot()).impact.byRootCause).toEqual([{ componentId: "db", arrAtRisk: 200_000, arrAtRiskAlone: 200_000 }]);

      bottom.setMode("ok");
      await engine.runNow(["db"]);
      expect(await causes()).toEqual({ web: ["api", "cache"], api: [], cache: [], db: [] });
      expect((await snapshot()).impact.byRootCause).toEqual([
        { componentId: "api", arrAtRisk: 200_000, arrAtRiskAlone: 0 },
        { componentId: "cache", arrAtRisk: 200_000, arrAtRiskAlone: 0 },
      ]);
    } finally {
      await engine.stop();
      await db.close();
      await bottom.close();
      await top.close();
      await target.cleanup();
    }
  }, 60_000);
});
