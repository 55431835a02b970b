import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { startInstance, type Instance } from "../support/instances";

// The first run as a newcomer has it: `npm start` (bin/start.mjs) with nothing set — no HANDBACK_TOKENS,
// scheduled probing, the demo's own fault lab, a data dir that does not exist yet. Within 10 s of the
// first answer every component is confirmed (never Unknown), the outage is under a day, no status update
// is overdue by more than one cadence; then the token printed for dev signs in on the page and signs off
// a dev criterion. Its own server: Playwright's main one sets HANDBACK_TOKENS.
const PORT = Number(process.env.E2E_PORT ?? 3100) + 60;
// The only edit to the demo file: its lab's 391xx ports move to a block of their own (E2E_LAB_PREFIX +
// 5x), beside the lab of Playwright's main server.
const LAB_PREFIX = process.env.E2E_LAB_PREFIX ?? "295";
const CONFIRM_WITHIN_MS = 10_000;
// The browser journey is slower evidence: Chromium starts, then a failing sign-in waits out its step's 5 s.
// Until its first run ends its card says "never checked" (unknown, never up); that must end within 30 s.
const BROWSER_CHECKED_WITHIN_MS = 30_000;
const isBrowserCard = (card: { text: string }) => card.text.includes("browser ·");
const DAY_MS = 86_400_000;
const SCREENS = `${process.env.E2E_OUTPUT_DIR ?? "test-results"}/screens`;

/** dev's token and the sign-in URL, read from the printed block the way a person reads it. */
function readBanner(output: string): { signInUrl: string; devToken: string; file: string } {
  const block = output.slice(output.indexOf("=== Demo sign-in"));
  const signInUrl = /Open (\S+) and paste/.exec(block)?.[1];
  const devToken = /^\s+Development\s+dev\s+(\S+)$/m.exec(block)?.[1];
  const file = /(?:Wrote|Reused) (\S+) \(mode 0600\)/.exec(block)?.[1];
  if (!signInUrl || !devToken || !file) throw new Error(`no demo sign-in block in the output:\n${output}`);
  return { signInUrl, devToken, file };
}

/** Every component card's contract status and badge text. */
const cards = (page: Page) =>
  page
    .locator('[data-testid^="component-"][data-status]')
    .evaluateAll((nodes) => nodes.map((node) => ({ id: node.getAttribute("data-testid"), status: node.getAttribute("data-status"), text: node.textContent ?? "" })));

test.describe.serial("first run: npm start with nothing set", () => {
  test.setTimeout(150_000);
  let dir: string;
  let server: Instance | undefined;
  let answeredAt = 0;

  test.beforeAll(async () => {
    test.setTimeout(150_000);
    dir = mkdtempSync(path.join(os.tmpdir(), "handback-first-run-"));
    const demo = readFileSync(path.join(process.cwd(), "examples", "issue-1278.yaml"), "utf8");
    writeFileSync(path.join(dir, "incident.yaml"), demo.replace(/391(\d)(\d)/g, (_, tens: string, unit: string) => `${LAB_PREFIX}${5 + Number(tens)}${unit}`));
    const unset = { HANDBACK_TOKENS: undefined, HANDBACK_SCHEDULER: undefined, DATABASE_URL: undefined, REDIS_URL: undefined };
    const env = { ...unset, HANDBACK_CONFIG: path.join(dir, "incident.yaml"), HANDBACK_DATA_DIR: path.join(dir, "data") };
    server = await startInstance({ port: PORT, env, npmStart: true, freshStore: true });
    answeredAt = Date.now(); // startInstance returns once GET /api/health answers
  });

  // A failure prints what the server printed (the lab's start, the probes' first runs): CI keeps only the log.
  test.afterEach(({}, testInfo) => {
    if (server && testInfo.status !== testInfo.expectedStatus) console.error(`first-run server output (last 6,000 characters):\n${server.output().slice(-6_000)}`);
  });

  test.afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test("within 10 s of the first answer: every component confirmed, the outage under a day, nothing overdue by more than one cadence", async ({ page }) => {
    await page.goto(server!.url);
    await expect(page.locator('[data-testid^="component-"][data-status]').first()).toBeVisible();
    const remaining = () => Math.max(1, answeredAt + CONFIRM_WITHIN_MS - Date.now());
    await expect
      .poll(async () => (await cards(page)).filter((card) => !isBrowserCard(card) && (card.status === "unknown" || /Unknown|Failing|Passing/.test(card.text))), { timeout: remaining(), intervals: [250] })
      .toEqual([]);
    expect(Date.now() - answeredAt).toBeLessThanOrEqual(CONFIRM_WITHIN_MS);
    expect((await cards(page)).length).toBeGreaterThanOrEqual(10);
    const browserRemaining = () => Math.max(1, answeredAt + BROWSER_CHECKED_WITHIN_MS - Date.now());
    expect((await cards(page)).filter(isBrowserCard)).not.toEqual([]);
    await expect
      .poll(async () => (await cards(page)).filter((card) => isBrowserCard(card) && /never checked/.test(card.text)), { timeout: browserRemaining(), intervals: [250] })
      .toEqual([]);

    const { incident } = await (await page.request.get(`${server!.url}/api/status`)).json();
    const outageMs = Date.now() - Date.parse(incident.startedAt);
    expect(outageMs).toBeGreaterThan(0);
    expect(outageMs).toBeLessThan(DAY_MS);
    const { everyMs, dueAt } = incident.cadence as { everyMs: number; dueAt: string };
    expect(Date.now() - Date.parse(dueAt)).toBeLessThan(everyMs);
    // The page says the same: no day count in the outage, no overdue past one cadence.
    await expect(page.getByText("Outage so far")).toBeVisible();
    await expect(page.locator("main")).not.toContainText(/\d+d \d+h/);
    await page.screenshot({ path: `${SCREENS}/first-run-status.png`, fullPage: true });
  });

  test("dev signs in with the printed token and signs off a dev criterion from the page", async ({ page }) => {
    const { signInUrl, devToken, file } = readBanner(server!.output());
    expect(file).toBe(path.join(dir, "data", "demo-tokens.json"));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(new URL(signInUrl).pathname).toBe("/sign-in");

    await page.goto(`${server!.url}/sign-in?next=/handback`);
    // The page says where the tokens are, and shows none of them.
    await expect(page.getByTestId("demo-tokens-hint")).toContainText("demo-tokens.json");
    await expect(page.getByTestId("demo-tokens-hint")).toContainText("npm start");
    expect(await page.content()).not.toContain(devToken);
    await page.getByLabel("Access token").fill(devToken);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${server!.url}/handback`);

    const criterion = page.getByTestId("criterion-staging-operational");
    await expect(criterion).not.toHaveAttribute("data-state", "met");
    await criterion.getByRole("button", { name: /^Sign off/ }).click();
    await expect(criterion).toHaveAttribute("data-state", "met");
    expect(await (await page.request.get(`${server!.url}/api/session`)).json()).toEqual({ name: "demo-dev", role: "dev" });
    // The printed block is the token's one appearance: no later log line (sign-in, sign-off) repeats it.
    expect(server!.output().split(devToken)).toHaveLength(2);
  });

  test("the timeline shows the humans' side: the lab's scripted infra update, posted with the demo's infra token", async ({ request }) => {
    await expect
      .poll(async () => {
        const { entries } = await (await request.get(`${server!.url}/api/timeline`)).json();
        return (entries as { type: string; actor: string | null }[]).some((entry) => entry.type === "update" && entry.actor === "demo-infra");
      })
      .toBe(true);
  });
});
