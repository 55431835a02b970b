import { expect, test } from "@playwright/test";
import { shootBothWidths } from "./screens";

// /impact for leadership: the sentence, the big number, the trend, segments, functions, duration, ETA, print.

test("the impact page states the impact in one sentence with the ARR at risk and the outage so far", async ({ page }) => {
  await page.goto("/impact");
  await expect(page.getByTestId("arr-at-risk")).toHaveText(/\$[\d,]+/);
  const amount = (await page.getByTestId("arr-at-risk").textContent())!;
  await expect(page.getByTestId("impact-sentence")).toContainText(/\d of 5 business functions (is|are) offline/);
  await expect(page.getByTestId("impact-sentence")).toContainText(`${amount} of ARR is at risk`);
  // The demo starts 3 h before the server first started (startedAt: -3h), not at the seed's 2025 date.
  await expect(page.getByTestId("outage-duration")).toHaveText(/^(\d+ h )?\d+ min$/);
  await expect(page.getByTestId("eta")).toHaveText(/between|at about|All phases complete/);
  await expect(page.getByRole("heading", { name: "Customer segments" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Business functions" })).toBeVisible();
  await expect(page.getByText("ARR at risk over time")).toBeVisible();
  await expect(page.locator(".recharts-surface").first()).toBeVisible(); // the chart loads after hydration
  await shootBothWidths(page, "impact");
});

test("GET /api/impact/history replays transitions into capped points from the incident start", async ({ request }) => {
  const { incident } = await (await request.get("/api/status")).json();
  expect(Date.now() - Date.parse(incident.startedAt)).toBeLessThan(24 * 3_600_000);
  const response = await request.get("/api/impact/history");
  expect(response.status()).toBe(200);
  const body = await response.json();
  expect(body.currency).toBe("USD");
  expect(body.points.length).toBeGreaterThanOrEqual(2);
  expect(body.points.length).toBeLessThanOrEqual(200);
  expect(body.points[0].at).toBe(new Date(incident.startedAt).toISOString());
  for (const point of body.points) expect(Object.keys(point).sort()).toEqual(["arrAtRisk", "arrUnknown", "at", "functionsOffline"]);
});

test("the printed impact page hides navigation and buttons", async ({ page }) => {
  await page.goto("/impact");
  await expect(page.getByTestId("arr-at-risk")).toBeVisible();
  await page.emulateMedia({ media: "print" });
  await expect(page.locator("nav")).toBeHidden();
  await expect(page.getByTestId("arr-at-risk")).toBeVisible();
  await page.screenshot({ path: `${process.env.E2E_OUTPUT_DIR ?? "test-results"}/screens/impact-print.png`, fullPage: true });
});
