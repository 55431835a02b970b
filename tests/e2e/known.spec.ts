import { expect, test, type Page } from "@playwright/test";
import { startDemoCopy, type DemoCopy } from "./demo-copy";
import { bearer } from "./tokens";

// Say what is known: a fresh demo shows every component confirmed (Operational, Degraded or Down) within
// 10 s of the page first answering, and a component failing below its failureThreshold says so with its
// count ("Failing · 1 of 3"), never the bare word Unknown.
const PORT = Number(process.env.E2E_PORT ?? 3100) + 60;
// The first copy runs its own lab: five blocks above Playwright's server's (E2E_LAB_PREFIX, default 395).
const LAB_PORTS = String(Number(process.env.E2E_LAB_PREFIX ?? 395) + 5);
const SCREENS = `${process.env.E2E_OUTPUT_DIR ?? "test-results"}/screens`;
const CONFIRM_WITHIN_MS = 10_000;

/** Every component card's contract status and badge text. */
const cards = (page: Page) =>
  page.locator('[data-testid^="component-"][data-status]').evaluateAll((nodes) => nodes.map((node) => ({ id: node.getAttribute("data-testid"), status: node.getAttribute("data-status"), text: node.textContent ?? "" })));

test.describe.serial("what is known", () => {
  test.setTimeout(120_000);
  let copy: DemoCopy | undefined;
  test.afterEach(async () => {
    await copy?.stop();
    copy = undefined;
  });

  test("a fresh demo shows every component confirmed within 10 s of the page first answering", async ({ page }) => {
    copy = await startDemoCopy(PORT, "known-demo", (yaml) => yaml, LAB_PORTS);
    const answeredAt = Date.now(); // startDemoCopy returns once GET /api/health answers
    await page.goto(copy.server.url);
    await expect(page.locator('[data-testid^="component-"][data-status]').first()).toBeVisible();
    const remaining = () => Math.max(1, answeredAt + CONFIRM_WITHIN_MS - Date.now());
    await expect
      .poll(async () => (await cards(page)).filter((card) => card.status === "unknown" || /Unknown|Failing|Passing/.test(card.text)), { timeout: remaining(), intervals: [250] })
      .toEqual([]);
    const seen = await cards(page);
    expect(seen.length).toBeGreaterThanOrEqual(10);
    expect(Date.now() - answeredAt).toBeLessThanOrEqual(CONFIRM_WITHIN_MS);
    await page.screenshot({ path: `${SCREENS}/known-demo-confirmed.png`, fullPage: true });
  });

  test("a component failing below failureThreshold shows 'Failing · 1 of 3', not Unknown", async ({ page }) => {
    // Lab off and scheduler off: the one result comes from POST /api/probes/run (the target refuses).
    copy = await startDemoCopy(PORT + 1, "known-failing", (yaml) => yaml.replace("failureThreshold: 2,", "failureThreshold: 3,"));
    await page.goto(copy.server.url);
    const card = page.getByTestId("component-backend-health");
    await expect(card).toHaveAttribute("data-status", "unknown");
    await expect(card).toContainText("never checked");
    const response = await page.request.post(`${copy.server.url}/api/probes/run`, { headers: bearer("infra"), data: { components: ["backend-health"] } });
    expect(response.status(), await response.text()).toBe(200);
    // The live event brings the streak to the open page; data-status keeps the contract status.
    await expect(card).toHaveAttribute("data-failing", "1/3");
    await expect(card).toHaveAttribute("data-status", "unknown");
    await expect(card).toContainText("Failing · 1 of 3");
    await expect(card).not.toContainText("Unknown");
    // The snapshot says it too, so a reload shows the same.
    const status = await (await page.request.get(`${copy.server.url}/api/status`, { headers: bearer("viewer") })).json();
    expect(status.components.find((component: { id: string }) => component.id === "backend-health")).toMatchObject({ status: "unknown", confirming: { verdict: "fail", count: 1, of: 3 } });
    await page.reload();
    await expect(page.getByTestId("component-backend-health")).toContainText("Failing · 1 of 3");
    await page.getByTestId("component-backend-health").screenshot({ path: `${SCREENS}/known-failing-1-of-3.png` });
  });
});
