import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { startInstance, type Instance } from "../support/instances";
import { E2E_TOKENS, E2E_TOKENS_ENV } from "./tokens";

// The archive (issue #13): the demo started, stopped, and started again on the same data dir with a new
// incident.id keeps the first incident; /incidents lists both and /incidents/<id> shows the first one's report.
const PORT = Number(process.env.E2E_PORT ?? 3100) + 40;

test.describe.serial("two incidents on one data dir", () => {
  test.setTimeout(150_000);
  let dir: string;
  let server: Instance | undefined;
  const demo = readFileSync(path.join(process.cwd(), "examples", "issue-1278.yaml"), "utf8").replace(/lab:\n {2}enabled: true/, "lab:\n  enabled: false");

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
    await start(demo);
    const auth = { authorization: `Bearer ${E2E_TOKENS.dev}` };
    const note = await page.request.post(`${server!.url}/api/timeline`, { headers: auth, data: { type: "note", text: "written in the first incident" } });
    expect(note.status()).toBe(201);
    await server!.stop();
    expect(demo).toContain("id: ISSUE-1278");
    await start(demo.replace("id: ISSUE-1278", "id: ISSUE-2001"));

    const list = (await (await page.request.get(`${server!.url}/api/incidents`, { headers: auth })).json()) as { id: string }[];
    expect(list.map((incident) => incident.id).sort()).toEqual(["ISSUE-1278", "ISSUE-2001"]);
    const signedIn = await page.request.post(`${server!.url}/api/session`, { headers: { origin: server!.url }, data: { token: E2E_TOKENS.dev } });
    expect(signedIn.status()).toBe(200);
    await page.goto(`${server!.url}/incidents`);
    await expect(page.locator("tr[data-incident]")).toHaveCount(2);
    await expect(page.locator('tr[data-incident="ISSUE-2001"]')).toContainText("(live)");
    await page.getByRole("link", { name: "ISSUE-1278" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Post-incident report: ISSUE-1278");
    await expect(page.getByRole("list", { name: "timeline" })).toContainText("written in the first incident");
  });
});
