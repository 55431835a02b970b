import { expect, test } from "@playwright/test";
import { shootBothWidths, signIn } from "./screens";
import { bearer } from "./tokens";

// The whole gate through the product: the lab heals, probes build the evidence, the incident becomes
// ready_for_handback by itself, and the dev team confirms the handback from the page. Then, during the
// watch after the handback, resolving is refused with the unmet criteria the page lists, and a lab fault
// is a regression that flips every open page's badge back to remediating without a reload.
// (Named to run after the other page specs; the tests of this file run in order.)

function junit(passed: number, failed: number): string {
  const cases = [
    ...Array.from({ length: passed }, (_, index) => `<testcase classname="validation" name="ok_${index}"/>`),
    ...Array.from({ length: failed }, (_, index) => `<testcase classname="validation" name="bad_${index}"><failure message="no"/></testcase>`),
  ];
  return `<testsuite name="validation">${cases.join("")}</testsuite>`;
}

test("healthy evidence makes the incident ready for handback, and dev confirms it from the page", async ({ page, request }) => {
  test.setTimeout(240_000);
  const list = await request.get("/api/lab/faults");
  expect(list.status(), await list.text()).toBe(200); // a failure says what came back instead
  const { faults } = (await list.json()) as { faults: { id: string }[] };
  for (const { id } of faults) {
    expect((await request.post("/api/lab/faults", { headers: bearer("infra"), data: { fault: id, mode: "healthy" } })).status()).toBe(200);
  }
  const run = await request.post("/api/test-runs?suite=validation", { headers: { ...bearer("dev"), "content-type": "application/xml" }, data: junit(10, 0) });
  expect(run.status()).toBe(201);

  // Every infra criterion reads a window of 5 results: probe until the incident moves by itself.
  let state = "";
  for (let round = 0; round < 10 && state !== "ready_for_handback"; round++) {
    expect((await request.post("/api/probes/run", { headers: bearer("infra"), data: {}, timeout: 60_000 })).status()).toBe(200);
    state = (await (await request.get("/api/status")).json()).incident.state;
  }
  expect(state).toBe("ready_for_handback");

  await signIn(page, "dev");
  await page.goto("/handback");
  await expect(page.getByTestId("incident-state")).toHaveAttribute("data-state", "ready_for_handback");
  await expect(page.getByTestId("criterion-health-200")).toHaveAttribute("data-state", "met");
  await shootBothWidths(page, "handback-ready");
  await page.getByRole("button", { name: "Confirm handback" }).click();
  await expect(page.getByTestId("incident-state")).toHaveAttribute("data-state", "handed_back");
  const timeline = (await (await request.get("/api/timeline?type=state")).json()).entries as { text: string; actor: string }[];
  expect(timeline[0]).toMatchObject({ actor: "e2e-dev", text: "Incident ready_for_handback → handed_back" });
});

test("after the handback: resolve is refused with the unmet list the page shows; a regression flips the badge back without reload", async ({ page, request }) => {
  test.setTimeout(120_000);
  await page.goto("/handback");
  await expect(page.getByTestId("incident-state")).toHaveAttribute("data-state", "handed_back");
  await expect(page.getByTestId("watch")).toContainText(/^👁 Watching until \d\d:\d\d UTC — no regression$/);

  const refused = await request.post("/api/incident/state", { headers: bearer("leadership"), data: { state: "resolved" } });
  expect(refused.status()).toBe(409);
  const { error } = (await refused.json()) as { error: { code: string; message: string; unmet: { id: string }[] } };
  expect(error.code).toBe("CONFLICT");
  expect(error.message).toMatch(/^cannot resolve: \d+ criteria are not met \(.*golden-path.*\); the watch after the handback runs until /);
  const summary = page.getByTestId("gate-summary");
  await expect(summary).toContainText(/^✓ Ready for handback: every infra criterion is met; \d+ dev\/business criteri(a|on) remains? before resolution:/);
  for (const { id } of error.unmet) await expect(summary.locator(`[data-criterion="${id}"]`)).toBeVisible();

  await page.goto("/");
  await expect(page.getByTestId("watch")).toContainText("Watching until");
  const badge = page.getByTestId("incident-state");
  await expect(badge).toHaveAttribute("data-state", "handed_back");
  expect((await request.post("/api/lab/faults", { headers: bearer("infra"), data: { fault: "backend", mode: "failing" } })).status()).toBe(200);
  expect((await request.post("/api/probes/run", { headers: bearer("infra"), data: {}, timeout: 60_000 })).status()).toBe(200);
  // The page was not reloaded: the live events moved its badge.
  await expect(badge).toHaveAttribute("data-state", "remediating", { timeout: 20_000 });
  await expect(page.getByTestId("watch")).toHaveCount(0);
  const regressions = (await (await request.get("/api/timeline?type=regression")).json()).entries as { text: string; actor: string }[];
  expect(regressions).toHaveLength(1);
  expect(regressions[0]).toMatchObject({ actor: "handback" });
  expect(regressions[0]!.text).toMatch(/^Regression during the watch after the handback: .*"[^"]+" \(backend-health: /);
  expect((await request.post("/api/lab/faults", { headers: bearer("infra"), data: { fault: "backend", mode: "healthy" } })).status()).toBe(200);
});
