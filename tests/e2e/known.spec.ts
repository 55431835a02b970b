import { expect, test } from "@playwright/test";
import { startDemoCopy, type DemoCopy } from "./demo-copy";
import { bearer } from "./tokens";

// Say what is known: a component failing below its failureThreshold says so with its count ("Failing · 1
// of 3"), never the bare word Unknown (first-run.spec.ts shows a fresh demo confirmed within 10 s).
const PORT = Number(process.env.E2E_PORT ?? 3100) + 61;
const SCREENS = `${process.env.E2E_OUTPUT_DIR ?? "test-results"}/screens`;

test.describe.serial("what is known", () => {
  test.setTimeout(120_000);
  let copy: DemoCopy | undefined;
  test.afterEach(async () => {
    await copy?.stop();
    copy = undefined;
  });

  test("a component failing below failureThreshold shows 'Failing · 1 of 3', not Unknown", async ({ page }) => {
    // Lab off and scheduler off: the one result comes from POST /api/probes/run (the target refuses).
    copy = await startDemoCopy(PORT, "known-failing", (yaml) => yaml.replace("failureThreshold: 2,", "failureThreshold: 3,"));
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
