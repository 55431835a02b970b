import { expect, test, type APIRequestContext } from "@playwright/test";
import { shootBothWidths } from "./screens";
import { bearer } from "./tokens";

// Issue #12 part 3 on the demo: with the VPC connector down, the cells beneath it name it, the matrix folds
// them under it, and /impact reads "VPC connector …: $…" instead of a page of red cells.
const FAULTS = { "vpc-connector": "failing", backend: "failing" } as const;

async function flip(request: APIRequestContext, fault: string, mode: string) {
  const response = await request.post("/api/lab/faults", { headers: bearer("infra"), data: { fault, mode } });
  expect(response.status(), await response.text()).toBe(200);
}

test("with the VPC connector down, the cell beneath it, the folded matrix and /impact name it", async ({ page }) => {
  const { faults } = (await (await page.request.get("/api/lab/faults")).json()) as { faults: { id: string; mode: string }[] };
  const before = new Map(faults.map((fault) => [fault.id, fault.mode]));
  try {
    for (const [fault, mode] of Object.entries(FAULTS)) await flip(page.request, fault, mode);
    const run = await page.request.post("/api/probes/run", { headers: bearer("infra"), data: { components: ["vpc-connector", "backend-health"] } });
    expect(run.status(), await run.text()).toBe(200);

    await page.goto("/");
    const cell = page.getByTestId("component-backend-health");
    // failureThreshold 2 with a 2 s retry: the connector and the backend are confirmed down within seconds.
    await expect(cell).toHaveAttribute("data-root-cause", /(^| )vpc-connector( |$)/, { timeout: 30_000 });
    await expect(cell).toHaveAttribute("data-status", "down");
    await expect(cell).toContainText("down (upstream: VPC connector staging-connector (us-central1)");
    await expect(page.getByTestId("component-vpc-connector")).not.toHaveAttribute("data-root-cause", /./);

    const status = await (await page.request.get("/api/status")).json();
    const backend = status.components.find((component: { id: string }) => component.id === "backend-health");
    expect(backend.rootCause).toContain("vpc-connector");
    expect(status.impact.byRootCause.map((cause: { componentId: string }) => cause.componentId)).toContain("vpc-connector");

    const toggle = page.getByRole("button", { name: "Group by root cause" });
    await expect(toggle).toHaveAttribute("aria-pressed", "false");
    await toggle.click();
    await expect(toggle).toHaveAttribute("aria-pressed", "true");
    await expect(page).toHaveURL(/[?&]fold=root-cause/);
    const symptoms = page.getByTestId("symptoms-vpc-connector");
    await expect(symptoms).toHaveText(/^\+\d+ symptoms?$/);
    await expect(cell).toHaveCount(0); // folded under its causes
    await symptoms.click();
    await expect(symptoms).toHaveAttribute("aria-expanded", "true");
    await expect(page.getByRole("button", { name: "Backend API /health · down", exact: true })).toBeVisible();
    await shootBothWidths(page, "status-root-cause-fold");
    await page.reload(); // the fold is remembered in the URL
    await expect(page.getByRole("button", { name: "Group by root cause" })).toHaveAttribute("aria-pressed", "true");

    await page.goto("/impact");
    const vpc = page.getByTestId("root-cause-vpc-connector");
    await expect(vpc).toContainText(/^VPC connector staging-connector \(us-central1\): \$[\d,]+/);
    expect(Number((await vpc.textContent())!.match(/\$([\d,]+)/)![1]!.replaceAll(",", ""))).toBeGreaterThan(0);
    await shootBothWidths(page, "impact-root-cause");
  } finally {
    for (const fault of Object.keys(FAULTS)) await flip(page.request, fault, before.get(fault) ?? "healthy");
  }
});
