import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { startInstance, type Instance } from "../support/instances";
import { bearer, E2E_TOKENS, E2E_TOKENS_ENV } from "./tokens";

// Stale data says it is stale: a component last checked longer ago than 2 × interval + timeout turns
// Unknown on the open page (never left drawn as Operational) and its cell says "stale", without a reload.
const PORT = Number(process.env.E2E_PORT ?? 3100) + 32;
const SCREENS = `${process.env.E2E_OUTPUT_DIR ?? "test-results"}/screens`;

test.describe.serial("a result that goes stale on an open page", () => {
  test.setTimeout(90_000);
  let target: http.Server;
  let dir: string;
  let server: Instance | undefined;

  test.beforeAll(async () => {
    target = http.createServer((_, response) => response.writeHead(200).end("ok"));
    await new Promise<void>((resolve) => target.listen(0, "127.0.0.1", resolve));
    const health = `http://127.0.0.1:${(target.address() as AddressInfo).port}/health`;
    dir = mkdtempSync(path.join(os.tmpdir(), "handback-stale-"));
    writeFileSync(
      path.join(dir, "incident.yaml"),
      `incident: { id: STALE-1, title: Stale test, severity: P1, startedAt: 2025-01-01T00:00:00Z }
teams: [{ id: infra }, { id: dev }, { id: leadership }]
defaults: { interval: 2s, timeout: 500ms, failureThreshold: 1, successThreshold: 1 }
components:
  - { id: api, name: Public API, probe: { type: http, url: "${health}" }, conditions: ["[STATUS] == 200"] }
`,
    );
    // Scheduler off: the one result comes from POST /api/probes/run, and nothing refreshes it after.
    const env = { HANDBACK_CONFIG: path.join(dir, "incident.yaml"), HANDBACK_DATA_DIR: path.join(dir, "data"), HANDBACK_TOKENS: E2E_TOKENS_ENV, HANDBACK_SCHEDULER: "off" };
    server = await startInstance({ port: PORT, env });
  });

  test.afterAll(async () => {
    await server?.stop();
    await new Promise((resolve) => target?.close(resolve));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test("turns Unknown and says stale, by itself", async ({ page }) => {
    const ran = await fetch(`${server!.url}/api/probes/run`, {
      method: "POST",
      headers: { ...bearer("infra"), "content-type": "application/json" },
      body: JSON.stringify({ components: ["api"] }),
    });
    expect(ran.status, await ran.text()).toBe(200);
    const signedIn = await page.request.post(`${server!.url}/api/session`, { headers: { origin: server!.url }, data: { token: E2E_TOKENS.viewer } });
    expect(signedIn.status(), await signedIn.text()).toBe(200);
    await page.goto(`${server!.url}/`);
    const cell = page.getByTestId("component-api");
    await expect(cell).toHaveAttribute("data-status", "operational");
    await expect(cell).not.toContainText("stale");

    // 2 × 2 s + 500 ms later the result is stale (room for a slow first page load before that); the
    // page's periodic refresh (15 s) must show it.
    await expect(cell).toHaveAttribute("data-status", "unknown", { timeout: 30_000 });
    await expect(cell).toContainText("stale");
    await expect(cell).toContainText("Unknown");
    await expect(cell).not.toContainText("Operational");
    await cell.screenshot({ path: `${SCREENS}/stale-cell.png` });
  });
});
