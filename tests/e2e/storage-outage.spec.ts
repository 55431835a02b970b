import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { startInstance, type Instance } from "../support/instances";
import { postgresBinDir, startScratchCluster, type ScratchCluster } from "../support/postgres-cluster";

// A real PostgreSQL server of the test's own is stopped under a running `next start`: the open page keeps
// its matrix live (probing goes on, components stay Operational, not Unknown and not "refresh failed"),
// says "Storage degraded", and drops the banner once the server is back and the buffered results are written.
const binaries = postgresBinDir();
if (!binaries && process.env.CI === "true") throw new Error("storage-outage e2e: PostgreSQL server binaries are required when CI=true");
const PORT = Number(process.env.E2E_PORT ?? 3100) + 34;
const SCREENS = `${process.env.E2E_OUTPUT_DIR ?? "test-results"}/screens`;

interface StatusBody {
  components: { id: string; status: string; checkedAt: string | null }[];
  storage?: { degraded: boolean; buffered: number };
}

async function readStatus(url: string): Promise<{ code: number; body: StatusBody }> {
  const response = await fetch(`${url}/api/status`);
  return { code: response.status, body: (await response.json()) as StatusBody };
}

test.describe.serial("PostgreSQL stopped under an open page", () => {
  test.skip(!binaries, "no PostgreSQL server binaries on this machine");
  test.setTimeout(150_000);
  let cluster: ScratchCluster;
  let target: http.Server;
  let dir: string;
  let server: Instance | undefined;

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    cluster = await startScratchCluster();
    target = http.createServer((_, response) => response.writeHead(200).end("ok"));
    await new Promise<void>((resolve) => target.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(target.address() as AddressInfo).port}`;
    dir = mkdtempSync(path.join(os.tmpdir(), "handback-outage-"));
    writeFileSync(
      path.join(dir, "incident.yaml"),
      `incident: { id: OUT-1, title: Storage outage test, severity: P1, startedAt: 2025-01-01T00:00:00Z }
teams: [{ id: infra }, { id: dev }, { id: leadership }]
defaults: { interval: 1s, timeout: 500ms, failureThreshold: 1, successThreshold: 1 }
components:
  - { id: api, name: Public API, probe: { type: http, url: "${base}/api" }, conditions: ["[STATUS] == 200"] }
  - { id: web, name: Web, probe: { type: http, url: "${base}/web" }, conditions: ["[STATUS] == 200"] }
`,
    );
    // Short storage timeouts are not configurable per env; a stopped local server refuses at once anyway.
    server = await startInstance({ port: PORT, env: { HANDBACK_CONFIG: path.join(dir, "incident.yaml"), HANDBACK_DATA_DIR: path.join(dir, "data"), DATABASE_URL: cluster.url } });
  });

  test.afterAll(async () => {
    await server?.stop();
    await new Promise((resolve) => target?.close(resolve));
    await cluster?.destroy();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test("keeps the matrix live, says storage degraded, and recovers", async ({ page }) => {
    await page.goto(`${server!.url}/`);
    for (const id of ["api", "web"]) await expect(page.getByTestId(`component-${id}`)).toHaveAttribute("data-status", "operational", { timeout: 20_000 });
    await expect(page.getByTestId("storage-banner")).toHaveCount(0);

    await cluster.stop();
    const stoppedAt = Date.now();
    // The API answers from memory: 200, degraded, results newer than the outage (probing went on).
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    const during = await readStatus(server!.url);
    expect(during.code, `${JSON.stringify(during.body)}\n${server!.output().slice(-3_000)}`).toBe(200);
    expect(during.body.storage).toMatchObject({ degraded: true });
    expect(during.body.storage!.buffered).toBeGreaterThan(0);
    for (const component of during.body.components) {
      expect(component.status).toBe("operational");
      expect(Date.parse(component.checkedAt!)).toBeGreaterThan(stoppedAt);
    }

    // The page refreshes its snapshot at least every 15 s.
    await expect(page.getByTestId("storage-banner")).toBeVisible({ timeout: 25_000 });
    await expect(page.getByTestId("storage-banner")).toContainText("Storage degraded");
    await expect(page.getByText("the latest refresh failed")).toHaveCount(0);
    for (const id of ["api", "web"]) await expect(page.getByTestId(`component-${id}`)).toHaveAttribute("data-status", "operational");
    await page.screenshot({ path: `${SCREENS}/storage-degraded.png`, fullPage: true });

    await cluster.start();
    // The buffer retries with backoff (2 s doubling, 30 s at most), then the banner goes.
    await expect(page.getByTestId("storage-banner")).toHaveCount(0, { timeout: 60_000 });
    const after = await readStatus(server!.url);
    expect(after.code).toBe(200);
    expect(after.body.storage).toMatchObject({ degraded: false, buffered: 0 });
  });
});
