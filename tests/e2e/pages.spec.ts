import { expect, test } from "@playwright/test";

// The demo incident (examples/issue-1278.yaml) served by `next start`, read in Debian's Chromium.
const TITLE = /Staging infrastructure/i;

test("the status page shows the demo incident and every component, none drawn as up before a check", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(TITLE);
  await expect(page.getByTestId("incident-state")).toHaveAttribute("data-state", /investigating|remediating|validating|ready_for_handback|handed_back|resolved/);
  const cells = page.locator('[data-testid^="component-"]');
  await expect(cells.first()).toBeVisible();
  expect(await cells.count()).toBeGreaterThanOrEqual(8);
  for (const status of await cells.evaluateAll((nodes) => nodes.map((node) => node.getAttribute("data-status")))) {
    expect(["operational", "degraded", "down", "unknown"]).toContain(status);
  }
  await page.screenshot({ path: "test-results/screens/status.png", fullPage: true });
});

test("the impact page shows ARR at risk as an amount", async ({ page }) => {
  await page.goto("/impact");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(TITLE);
  await expect(page.getByTestId("arr-at-risk")).toHaveText(/\$[\d,]+/);
  // The demo's segments, from its config: $575K of ARR, $535K once each is weighted by its exposure.
  await expect(page.getByTestId("arr-total")).toHaveText("$575,000");
  await expect(page.getByTestId("arr-exposed")).toHaveText("$535,000");
  await page.screenshot({ path: "test-results/screens/impact.png", fullPage: true });
});

test("the handback page lists the success criteria with their states", async ({ page }) => {
  await page.goto("/handback");
  const criteria = page.locator('[data-testid^="criterion-"]');
  await expect(criteria.first()).toBeVisible();
  expect(await criteria.count()).toBe(10);
  for (const state of await criteria.evaluateAll((nodes) => nodes.map((node) => node.getAttribute("data-state")))) {
    expect(["met", "unmet", "unknown"]).toContain(state);
  }
  await page.screenshot({ path: "test-results/screens/handback.png", fullPage: true });
});

test("the timeline page shows the entry recorded when the incident was opened", async ({ page }) => {
  await page.goto("/timeline");
  await expect(page.getByTestId("timeline-entry").filter({ hasText: "ISSUE-1278 opened in Handback" })).toHaveCount(1);
  await page.screenshot({ path: "test-results/screens/timeline.png", fullPage: true });
});

test("the tab's title and favicon follow the incident live, on every page", async ({ page }) => {
  await page.goto("/");
  const live = /^(✕ \d+ down|◐ \d+ degraded|\? \d+ unknown|✓ all up|✓ handed back|✓ resolved) · ISSUE-1278$/;
  await expect(page).toHaveTitle(live);
  // The count in the title is the page's own: the worst status's cells in the matrix.
  const title = await page.title();
  const [, icon, count] = /^(\S) (\d+)/.exec(title) ?? [];
  if (count) {
    const status = { "✕": "down", "◐": "degraded", "?": "unknown" }[icon as "✕" | "◐" | "?"];
    await expect.poll(async () => page.locator(`[data-testid^="component-"][data-status="${status}"]`).count()).toBe(Number((/^\S (\d+)/.exec(await page.title()) ?? [])[1]));
  }
  await expect(page.locator('link[rel="icon"][data-live]')).toHaveAttribute("href", /^data:image\/svg\+xml,/);
  await page.getByRole("link", { name: "Impact" }).first().click();
  await expect(page).toHaveURL(/\/impact$/);
  await expect(page).toHaveTitle(live);
});
