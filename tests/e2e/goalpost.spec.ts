import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { startInstance, type Instance } from "../support/instances";
import { E2E_TOKENS, E2E_TOKENS_ENV } from "./tokens";

// The goalpost audit (issue #12): the demo restarted on the same data dir with validation-80's threshold
// lowered from 80% to 60% shows the change on /handback (criteria-changed) and as a `config` timeline entry.
const PORT = Number(process.env.E2E_PORT ?? 3100) + 36;

test.describe.serial("a criterion's threshold lowered between two starts", () => {
  test.setTimeout(150_000);
  let dir: string;
  let server: Instance | undefined;
  const demo = readFileSync(path.join(process.cwd(), "examples", "issue-1278.yaml"), "utf8").replace(/lab:\n {2}enabled: true/, "lab:\n  enabled: false");

  /** Writes the config (the demo after `edit`) and starts a server on the one data dir. */
  async function start(edit: (yaml: string) => string = (yaml) => yaml) {
    writeFileSync(path.join(dir, "incident.yaml"), edit(demo));
    const env = { HANDBACK_CONFIG: path.join(dir, "incident.yaml"), HANDBACK_DATA_DIR: path.join(dir, "data"), HANDBACK_TOKENS: E2E_TOKENS_ENV, HANDBACK_SCHEDULER: "off" };
    server = await startInstance({ port: PORT, env });
  }

  async function signIn(page: Page) {
    const signedIn = await page.request.post(`${server!.url}/api/session`, { headers: { origin: server!.url }, data: { token: E2E_TOKENS.dev } });
    expect(signedIn.status(), await signedIn.text()).toBe(200);
  }

  test.beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "handback-goalpost-"));
  });

  test.afterAll(async () => {
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test("the first start records no change", async ({ page }) => {
    await start();
    await signIn(page);
    await page.goto(`${server!.url}/handback`);
    await expect(page.getByTestId("gate-summary")).toBeVisible();
    await expect(page.getByTestId("criteria-changed")).toHaveCount(0);
    await server!.stop();
    server = undefined;
  });

  test("a restart with the threshold at 60% warns on /handback and writes a config entry", async ({ page }) => {
    const lowered = (yaml: string) => {
      expect(yaml).toContain('auto: { suite: validation, conditions: ["[PASS_RATE] >= 80"] }');
      return yaml.replace('auto: { suite: validation, conditions: ["[PASS_RATE] >= 80"] }', 'auto: { suite: validation, conditions: ["[PASS_RATE] >= 60"] }');
    };
    await start(lowered);
    await signIn(page);
    await page.goto(`${server!.url}/handback`);
    const warning = page.getByTestId("criteria-changed");
    await expect(warning).toBeVisible();
    await expect(warning).toContainText("Criteria changed since the incident opened");
    await expect(warning.getByTestId("criteria-change")).toHaveCount(1);
    await expect(warning).toContainText("criterion validation-80: conditions `[PASS_RATE] >= 80` → `[PASS_RATE] >= 60`");

    await warning.getByRole("link", { name: "Every config change on the timeline" }).click();
    await expect(page).toHaveURL(/\/timeline\?type=config$/);
    const entries = page.locator('[data-testid="timeline-entry"][data-type="config"]');
    await expect(entries).toHaveCount(1);
    await expect(entries.first()).toContainText("Config change · config");
    await expect(entries.first()).toContainText("`[PASS_RATE] >= 60`");
  });
});
