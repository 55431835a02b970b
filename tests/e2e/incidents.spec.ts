import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { startInstance, type Instance } from "../support/instances";
import { E2E_TOKENS, E2E_TOKENS_ENV } from "./tokens";

// The archive (issue #13): the demo started, stopped, and started again on the same data dir with a new
// incident.id keeps the first incident; /incidents lists both with state, duration and peak ARR at risk (the
// first one's peak as its report computes it) and /incidents/<id> shows the first one's report.
const PORT = Number(process.env.E2E_PORT ?? 3100) + 40;

test.describe.serial("two incidents on one data dir", () => {
  test.setTimeout(150_000);
  let dir: string;
  let server: Instance | undefined;
  const demo = readFileSync(path.join(process.cwd(), "examples", "issue-1278.yaml"), "utf8").replace(/lab:\n {2}enabled: true/, "lab:\n  enabled: false");
  // Port 9 (discard) refuses on loopback: the two health probes fail, so every demo segment goes offline.
  const refused = demo.replace("127.0.0.1:39106", "127.0.0.1:9").replace("127.0.0.1:39108", "127.0.0.1:9");

  async function start(yaml: string) {
    writeFileSync(path.join(dir, "incident.yaml"), yaml);
    const env = { HANDBACK_CONFIG: path.join(dir, "incident.yaml"), HANDBACK_DATA_DIR: path.join(dir, "data"), HANDBACK_TOKENS: E2E_TOKENS_ENV, HANDBACK_SCHEDULER: "off" };
    server = await startInstance({ port: PORT, env });
  }

  test.beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "handback-incidents-"));
  });
  test.afterAll(async () => {
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test("a restart with a new incident.id lists both incidents, the earlier one read-only with its report", async ({ page }) => {
    expect(refused).not.toBe(demo);
    await start(refused);
    const auth = { authorization: `Bearer ${E2E_TOKENS.dev}` };
    const note = await page.request.post(`${server!.url}/api/timeline`, { headers: auth, data: { type: "note", text: "written in the first incident" } });
    expect(note.status()).toBe(201);
    // Two failing runs (failureThreshold 2): both health components go down, a transition each.
    for (let run = 0; run < 2; run++) {
      const probed = await page.request.post(`${server!.url}/api/probes/run`, { headers: { authorization: `Bearer ${E2E_TOKENS.infra}` }, data: { components: ["backend-health", "frontend-health"] } });
      expect(probed.status()).toBe(200);
    }
    await server!.stop();
    expect(demo).toContain("id: ISSUE-1278");
    await start(demo.replace("id: ISSUE-1278", "id: ISSUE-2001"));

    type Listed = { id: string; state: string | null; durationMs: number | null; ongoing: boolean; peakArrAtRisk: number | null };
    const list = (await (await page.request.get(`${server!.url}/api/incidents`, { headers: auth })).json()) as Listed[];
    expect(list.map((incident) => incident.id).sort()).toEqual(["ISSUE-1278", "ISSUE-2001"]);
    const first = list.find((incident) => incident.id === "ISSUE-1278")!;
    const report = (await (await page.request.get(`${server!.url}/api/report?incident=ISSUE-1278&format=json`, { headers: auth })).json()) as { incident: { durationMs: number }; impact: { peakArrAtRisk: number } };
    expect(first).toMatchObject({ ongoing: false, durationMs: report.incident.durationMs, peakArrAtRisk: report.impact.peakArrAtRisk });
    expect(first.peakArrAtRisk).toBeGreaterThan(0);
    expect(list.find((incident) => incident.id === "ISSUE-2001")).toMatchObject({ ongoing: true, peakArrAtRisk: 0 });
    const signedIn = await page.request.post(`${server!.url}/api/session`, { headers: { origin: server!.url }, data: { token: E2E_TOKENS.dev } });
    expect(signedIn.status()).toBe(200);
    await page.goto(`${server!.url}/incidents`);
    await expect(page.locator("tr[data-incident]")).toHaveCount(2);
    await expect(page.locator('tr[data-incident="ISSUE-2001"]')).toContainText("(live)");
    const firstRow = page.locator('tr[data-incident="ISSUE-1278"]');
    await expect(firstRow.getByTestId("incident-peak-arr")).toHaveText(`$${first.peakArrAtRisk!.toLocaleString("en-US")}`);
    await expect(firstRow.getByTestId("incident-duration")).toHaveText(/^\d+(h \d{2})?m$/);
    await expect(page.locator('tr[data-incident="ISSUE-2001"]').getByTestId("incident-duration")).toHaveText(/^\d+(h \d{2})?m so far$/);
    await page.getByRole("link", { name: "ISSUE-1278" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Post-incident report: ISSUE-1278");
    await expect(page.getByRole("list", { name: "timeline" })).toContainText("written in the first incident");
  });
});
