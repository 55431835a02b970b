import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as ready from "@/app/api/ready/route";
import { openDb, type Db } from "@/lib/db";
import { boot } from "@/lib/boot";
import { startFaultProxy, startHttpTarget, type FaultProxy, type HttpTarget } from "@/lib/lab";
import { getDb, getEngine, getWorkflow } from "@/lib/runtime";
import { createPostgresTarget, type DbTarget } from "@/tests/support/db-targets";
import { urlThroughPort } from "@/tests/support/proxied-postgres";
import { requireService } from "@/tests/support/services";
import { parseValidConfig } from "../support/config-text";

// The server starts while its PostgreSQL is unreachable (DATABASE_URL points at a closed port), and the
// port opens 10 s later: start-up keeps retrying, /api/ready says 503 until probes run, then scheduled
// results appear in the database without a restart.
const postgres = await requireService("PostgreSQL", "TEST_DATABASE_URL");
const withPostgres = it.skipIf(postgres.url === null);
const title = postgres.url ? "start-up with storage down (TEST_DATABASE_URL)" : `start-up with storage down — SKIPPED: ${postgres.skipReason}`;

const OUTAGE_MS = 10_000;

describe(title, () => {
  let target: DbTarget;
  let proxy: FaultProxy;
  let http: HttpTarget;
  let verify: Db;
  let dir: string;

  beforeAll(async () => {
    if (!postgres.url) return;
    target = await createPostgresTarget(postgres.url);
    verify = await openDb({ ...target.options, connectTimeoutMs: 2_000 });
    const direct = new URL(target.options.databaseUrl!);
    proxy = await startFaultProxy({ target: { host: direct.hostname, port: Number(direct.port) || 5432 } });
    await proxy.setMode("refuse"); // the port is closed: connections are refused until "pass"
    http = await startHttpTarget();
    dir = await mkdtemp(path.join(os.tmpdir(), "handback-boot-retry-"));
    const text = `incident: { id: BOOT-1, title: Boot retry test, severity: P1, startedAt: 2025-01-01T00:00:00Z }
teams: [{ id: infra }]
defaults: { interval: 1s, timeout: 1s, failureThreshold: 1, successThreshold: 1 }
components:
  - { id: api, probe: { type: http, url: "http://127.0.0.1:${http.port}/health" }, conditions: ["[STATUS] == 200"] }
`;
    parseValidConfig(text); // boot() would exit(2)
    await writeFile(path.join(dir, "incident.yaml"), text);
    vi.stubEnv("HANDBACK_CONFIG", path.join(dir, "incident.yaml"));
    vi.stubEnv("HANDBACK_DATA_DIR", path.join(dir, "data"));
    vi.stubEnv("DATABASE_URL", urlThroughPort(target.options.databaseUrl!, proxy.port));
    vi.stubEnv("REDIS_URL", undefined);
    vi.stubEnv("HANDBACK_SCHEDULER", "on");
    vi.stubEnv("HANDBACK_LOG", "silent");
  }, 60_000);

  afterAll(async () => {
    getWorkflow()?.stop();
    await getEngine()?.stop();
    await (await getDb().catch(() => null))?.close();
    await Promise.allSettled([http?.close(), proxy?.close(), verify?.close()]);
    await target?.cleanup();
    vi.unstubAllEnvs();
    if (dir) await rm(dir, { recursive: true, force: true });
  }, 60_000);

  const readyStatus = async () => (await ready.GET()).status;
  const storedResults = async () => (await verify.query<{ n: number }>("SELECT count(*)::int AS n FROM probe_results"))[0]!.n;

  withPostgres("retries until storage answers, is not ready before probes run, then stores scheduled results", async () => {
    await boot();
    expect(getEngine()).toBeNull();
    expect(await readyStatus()).toBe(503);

    await sleep(OUTAGE_MS);
    expect(getEngine()).toBeNull();
    await proxy.setMode("pass");
    // Storage answers from now on; readiness must still wait for the engine, and the engine must come.
    let results = 0;
    for (let i = 0; i < 120 && results === 0; i += 1) {
      await sleep(250);
      // Ready only once probes run (the engine, once started, stays).
      if ((await readyStatus()) === 200) expect(getEngine()).not.toBeNull();
      if (getEngine() !== null) results = await storedResults();
    }
    expect(results).toBeGreaterThan(0);
    expect(await readyStatus()).toBe(200);
  }, 90_000);
});
