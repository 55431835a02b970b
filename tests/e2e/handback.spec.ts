import { expect, test } from "@playwright/test";
import { shootBothWidths, signIn } from "./screens";
import { bearer } from "./tokens";

// /handback for the dev team: checklist with evidence, sign-off through the UI, the gate and the decision.

test("an anonymous reader sees the gate, the checklist with evidence and the tests, but no write controls", async ({ page }) => {
  await page.goto("/handback");
  await expect(page.getByTestId("gate-summary")).toContainText(/Ready for handback|Not ready for handback because/);
  await expect(page.locator('[data-testid^="criterion-"]')).toHaveCount(10);
  // Test evidence against the seeds' declared counts: never "100%" while tests are skipped or missing.
  await expect(page.getByTestId("tests-total")).toContainText(/\d+ of 28/);
  await expect(page.getByTestId("criterion-golden-path-measured")).toContainText("owner dev");
  await expect(page.getByTestId("criterion-golden-path")).toContainText("owner dev · sign-off");
  await expect(page.getByRole("heading", { name: "Test suites" })).toBeVisible();
  await expect(page.getByRole("button", { name: /Sign off/ })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Confirm handback" })).toHaveCount(0);
  await expect(page.locator(".recharts-wrapper")).toHaveCount(2); // latest bars and history lines, loaded after hydration
  await shootBothWidths(page, "handback-anonymous");
});

test("dev signs off golden-path through the button, sees it met without reload, then revokes it", async ({ page }) => {
  await signIn(page, "dev");
  await page.goto("/handback");
  const item = page.getByTestId("criterion-golden-path");
  await expect(item).toHaveAttribute("data-state", "unmet");
  // leadership's criterion has no button for dev
  await expect(page.getByTestId("criterion-customer-validation").getByRole("button")).toHaveCount(0);
  await item.getByRole("button", { name: /Sign off/ }).click();
  await expect(item).toHaveAttribute("data-state", "met");
  await expect(item).toContainText(/signed by e2e-dev \(dev\)/);
  await expect(page.getByTestId("gate-summary")).not.toContainText("Golden Path");
  await shootBothWidths(page, "handback-dev");
  await item.getByRole("button", { name: /Revoke sign-off/ }).click();
  await expect(item).toHaveAttribute("data-state", "unmet");
  await expect(page.getByTestId("gate-summary")).toContainText("Golden Path");
});

test("the decision form shows the API's 409 when the incident is not ready for handback", async ({ page }) => {
  // Drive the state by API first: investigating → remediating (a 409 means a previous step already moved it).
  const moved = await page.request.post("/api/incident/state", { data: { state: "remediating" }, headers: bearer("infra") });
  expect([200, 409]).toContain(moved.status());
  await signIn(page, "dev");
  await page.goto("/handback");
  await expect(page.getByTestId("incident-state")).toHaveAttribute("data-state", "remediating");
  await page.getByRole("button", { name: "Confirm handback" }).click();
  await expect(page.getByTestId("handback-error")).toContainText("cannot move from remediating to handed_back");
  // The reason is required: an empty reject is stopped by the form itself.
  await page.getByRole("button", { name: "Reject handback" }).click();
  await expect(page.getByLabel(/Reason for rejecting/)).toHaveJSProperty("validity.valueMissing", true);
  await page.getByLabel(/Reason for rejecting/).fill("Golden path still times out on login");
  await page.getByRole("button", { name: "Reject handback" }).click();
  await expect(page.getByTestId("handback-error")).toContainText("cannot move from remediating to remediating");
  await shootBothWidths(page, "handback-decision");
});
