import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { IncidentConfig } from "@/lib/config";
import { listResults, listTimeline, openDb, type Db } from "@/lib/db";
import { startEngine } from "@/lib/engine/engine";
import { readSnapshotInputs } from "@/lib/snapshot/read";
import { buildSnapshot } from "@/lib/snapshot/build";
import { createLocalBus, type BusEvent } from "@/lib/events/bus";
import { findRefusedPort, startHttpTarget, type HttpTarget } from "@/lib/lab";
import { createPgliteTarget, type DbTarget } from "../support/db-targets";
import { parseValidConfig } from "../support/config-text";

// Secrets from the config (a URL password, a header value, a command's env) must appear in no result,
// error, stored row, status snapshot, published event or log line — even when the target echoes them.
const PASSWORD = "pg-Pa55word-never-shown";
const HEADER_VALUE = "Bearer header-token-never-shown";
const ENV_VALUE = "env-secret-never-shown";

let target: DbTarget;
let db: Db;
let echo: HttpTarget;
let config: IncidentConfig;
const events: BusEvent[] = [];
const logged: string[] = [];

beforeAll(async () => {
  for (const method of ["log", "warn", "error", "info"] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(" ")));
  }
  target = await createPgliteTarget();
  db = await openDb(target.options);
  // A target that echoes the request headers back in its body, as some debug endpoints do.
  echo = await startHttpTarget({ routes: { "/echo": (request: { headers: Record<string, unknown> }) => ({ seen: request.headers }) } });
  const refused = await findRefusedPort();
  const text = `incident: { id: S-1, title: Secrets, severity: P1, startedAt: 2025-01-01T00:00:00Z }
teams: [{ id: infra }]
defaults: { timeout: 1s, failureThreshold: 1 }
components:
  - id: db
    probe: { type: postgres, url: "postgres://app:\${DB_PASSWORD}@127.0.0.1:${refused}/app" }
  - id: api
    probe: { type: http, url: "http://127.0.0.1:${echo.port}/echo", headers: { Authorization: "${HEADER_VALUE}" } }
    conditions: ["[STATUS] == 500"]
  - id: job
    probe: { type: command, command: [node, -e, "console.log('token=' + process.env.JOB_TOKEN); process.exit(2)"], env: { JOB_TOKEN: "\${JOB_TOKEN}" } }
`;
  config = parseValidConfig(text, { DB_PASSWORD: PASSWORD, JOB_TOKEN: ENV_VALUE });
}, 60_000);

afterAll(async () => {
  vi.restoreAllMocks();
  await echo?.close();
  await db?.close();
  await target?.cleanup();
});

describe("secrets never leave the server", () => {
  it("are absent from results, stored rows, the snapshot, events and logs", async () => {
    const bus = createLocalBus();
    bus.subscribe((event) => events.push(event));
    const engine = await startEngine({ config, db, bus, concurrency: 4, manual: true });
    const outcomes = await engine.runNow();
    await engine.stop();
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(["down", "down", "down"]);

    const now = new Date();
    const snapshot = buildSnapshot(config, await readSnapshotInputs(db, config, now), now);
    const stored = await Promise.all(["db", "api", "job"].map((id) => listResults(db, "S-1", id)));
    const everything = JSON.stringify({ outcomes, stored, snapshot, events, timeline: await listTimeline(db, "S-1"), logged });
    // The echo really happened: the probe saw its own header come back, scrubbed.
    expect(everything).toContain("***");
    for (const secret of [PASSWORD, HEADER_VALUE, "header-token-never-shown", ENV_VALUE]) {
      expect(everything).not.toContain(secret);
    }
  });
});
