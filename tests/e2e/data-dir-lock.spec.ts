import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { startInstance, type Instance } from "../support/instances";
import { processTree } from "../support/proc";

// Two `next start` servers on one embedded data dir: the second must not open the PGlite store the first
// holds. It serves, says why it is not ready (naming the holder), and takes over once the first stops.
const BASE_PORT = Number(process.env.E2E_PORT ?? 3100) + 41;

const CONFIG = `incident: { id: LOCK-1, title: Data dir lock test, severity: P1, startedAt: 2025-01-01T00:00:00Z }
teams: [{ id: infra }]
defaults: { interval: 1h, timeout: 1s }
components:
  - { id: self, probe: { type: tcp, host: 127.0.0.1, port: ${BASE_PORT} } }
`;

async function readiness(url: string): Promise<{ status: number; body: string }> {
  const response = await fetch(`${url}/api/ready`);
  return { status: response.status, body: await response.text() };
}

test.describe.serial("one server per data dir", () => {
  test.setTimeout(180_000);
  let dir: string;
  const servers: Instance[] = [];

  test.beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "handback-lock-e2e-"));
    writeFileSync(path.join(dir, "incident.yaml"), CONFIG);
  });

  test.afterAll(async () => {
    await Promise.allSettled(servers.map((server) => server.stop()));
    rmSync(dir, { recursive: true, force: true });
  });

  test("the second server waits, not ready and naming the holder, and starts once the first stops", async () => {
    const env = { HANDBACK_CONFIG: path.join(dir, "incident.yaml"), HANDBACK_DATA_DIR: path.join(dir, "data"), NEXT_MANUAL_SIG_HANDLE: "true", DATABASE_URL: undefined };
    const first = await startInstance({ port: BASE_PORT, env });
    servers.push(first);
    await expect.poll(async () => (await readiness(first.url)).status, { timeout: 30_000 }).toBe(200);
    const lock = JSON.parse(readFileSync(path.join(dir, "data", "handback.lock"), "utf8")) as { pid: number };
    expect(processTree(first.pid)).toContain(lock.pid);

    const second = await startInstance({ port: BASE_PORT + 1, env });
    servers.push(second);
    const waiting = await readiness(second.url);
    expect(waiting.status).toBe(503);
    expect(second.output()).toContain(`is in use by pid ${lock.pid} (handback server`);
    expect(second.output()).not.toContain("storage ready");

    expect(await first.stop()).toBe(0);
    await expect.poll(async () => (await readiness(second.url)).status, { timeout: 60_000 }).toBe(200);
    expect(second.output()).toContain("probe engine started");
  });
});
