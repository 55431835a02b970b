import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { startInstance, type Instance } from "../support/instances";
import { shootBothWidths, signIn } from "./screens";
import { bearer, E2E_TOKENS, E2E_TOKENS_ENV } from "./tokens";

// Issue #12 on the page: phases with plan vs actual and their overrun, the ETA with its basis, completing
// a phase and moving the incident from the page (with a reason the timeline keeps), and sign-offs that
// carry a note and a link. Runs on the shared e2e server after pages.spec (it completes "diagnosis" and
// moves the incident by one step, which the later specs do not depend on).

// Two cores shared with the other suites: these page tests take up to a minute each.
test.describe.configure({ timeout: 180_000 });

test("infra completes the active phase from / and it turns done without reload; readers get no button", async ({ page, browser }) => {
  const anonymous = await browser.newPage();
  await anonymous.goto("/");
  await expect(anonymous.getByTestId("phase-diagnosis")).toHaveAttribute("data-state", "active");
  await expect(anonymous.getByRole("button", { name: /Complete phase/ })).toHaveCount(0);
  await expect(anonymous.getByRole("form", { name: "Move the incident" })).toHaveCount(0);

  await signIn(page, "infra");
  await page.goto("/");
  const diagnosis = page.getByTestId("phase-diagnosis");
  await expect(diagnosis).toHaveAttribute("data-state", "active");
  // The demo incident started 3 h ago: inside diagnosis's 2h–4h, so no overrun yet.
  await expect(diagnosis).toHaveAttribute("data-overrun", "false");
  await expect(diagnosis).toContainText("Plan2h–4h");
  await expect(diagnosis).toContainText(/Actual\s*\d+h( \d+m)? so far/);
  await expect(page.getByTestId("phase-resolution")).toHaveAttribute("data-state", "pending");
  await expect(page.getByTestId("phases-eta")).toContainText(/ETA (between|at about) .* remaining estimates of the active and pending phases: Diagnosis .*\(active, net of time spent\), Resolution 4h–8h, Validation 1h–2h, Handback 0m–1h/);
  // Only the active phase's owner team gets the button (handback belongs to dev).
  await expect(page.getByRole("button", { name: /Complete phase/ })).toHaveCount(1);

  await diagnosis.getByRole("button", { name: /Complete phase/ }).click();
  await expect(diagnosis).toHaveAttribute("data-state", "done");
  await expect(diagnosis).toContainText("completed by its owner");
  await expect(page.getByTestId("phase-resolution")).toHaveAttribute("data-state", "active");
  await expect(page.getByTestId("phases-eta")).not.toContainText("Diagnosis");
  // The anonymous tab follows through the live stream, without reload.
  await expect(anonymous.getByTestId("phase-diagnosis")).toHaveAttribute("data-state", "done");
  await anonymous.close();
  await page.getByRole("heading", { name: "Phases" }).scrollIntoViewIfNeeded();
  await shootBothWidths(page, "phases-infra");
});

test("infra moves the incident from the page with a reason; the timeline shows it, and an API refusal is shown as text", async ({ page }) => {
  await signIn(page, "infra");
  await page.goto("/");
  const form = page.getByRole("form", { name: "Move the incident" });
  const from = await page.getByTestId("incident-state").getAttribute("data-state");
  const select = form.getByRole("combobox");
  const to = await select.inputValue();
  expect(to).not.toBe(from);

  // The API's 409 (a move the machine refuses) arrives as text on the page: the request is sent for another state.
  await page.route("**/api/incident/state", (route) => route.continue({ postData: JSON.stringify({ state: "resolved", reason: "too early" }) }), { times: 1 });
  await form.getByRole("button", { name: "Move incident" }).click();
  await expect(page.getByTestId("incident-state-result")).toContainText(`cannot move from ${from} to resolved; allowed from ${from}:`);
  await expect(page.getByTestId("incident-state")).toHaveAttribute("data-state", from!);

  const reason = `VPC connector recreated, moving on (${Date.now()})`;
  await form.getByLabel(/Reason/).fill(reason);
  await form.getByRole("button", { name: "Move incident" }).click();
  await expect(page.getByTestId("incident-state")).toHaveAttribute("data-state", to);
  await expect(form.getByRole("status")).toContainText("Recorded: the incident is now");

  await page.goto("/timeline");
  const entry = page.getByTestId("timeline-entry").filter({ hasText: reason });
  await expect(entry).toHaveCount(1);
  await expect(entry).toContainText(`Incident ${from} → ${to}: ${reason}`);
  await expect(entry).toContainText("e2e-infra (infra)");
});

test("dev signs off with a note and a link; /handback shows both with the evidence, the timeline the note", async ({ page, request }) => {
  await signIn(page, "dev");
  await page.goto("/handback");
  const item = page.getByTestId("criterion-golden-path");
  await expect(item).toHaveAttribute("data-state", "unmet");
  const note = `Logged in as qa@example.com and got an AI answer in 3 s (${Date.now()})`;
  const link = "https://ci.example.com/runs/4242?tab=video";
  await item.getByText("Add a note or link (optional)").click();
  await item.getByLabel(/Note/).fill(note);
  await item.getByLabel(/Link to the proof/).fill(link);
  await item.getByRole("button", { name: /Sign off/ }).click();
  await expect(item).toHaveAttribute("data-state", "met");
  const shown = item.getByTestId("signoff-note");
  await expect(shown).toContainText(note);
  const anchor = shown.getByRole("link", { name: link });
  await expect(anchor).toHaveAttribute("href", link);
  await expect(anchor).toHaveAttribute("rel", "noopener noreferrer");
  await shootBothWidths(page, "signoff-note");

  const entries = (await (await request.get("/api/timeline?type=signoff", { headers: bearer("viewer") })).json()).entries as { text: string; data: { note: string; link: string } }[];
  expect(entries[0]).toMatchObject({ text: `e2e-dev signed "Golden Path (login → AI response) works end to end": ${note}`, data: { note, link } });

  // Leave the criterion as the later specs expect it: revoked, and the note is gone with the signature.
  await item.getByRole("button", { name: /Revoke sign-off/ }).click();
  await expect(item).toHaveAttribute("data-state", "unmet");
  await expect(item.getByTestId("signoff-note")).toHaveCount(0);
});

test.describe.serial("a phase past its upper estimate", () => {
  const PORT = Number(process.env.E2E_PORT ?? 3100) + 44;
  let dir: string;
  let server: Instance | undefined;

  test.beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "handback-phases-"));
    // Started 5 h ago with a 2h–4h first phase: overrun by about an hour from the first page.
    writeFileSync(
      path.join(dir, "incident.yaml"),
      `incident: { id: PHASES-1, title: Overrun test, severity: P1, startedAt: -5h }
teams: [{ id: infra }, { id: dev }, { id: leadership }]
components:
  - { id: api, name: Public API, probe: { type: tcp, host: 127.0.0.1, port: 9 } }
phases:
  - { id: diagnosis, name: Diagnosis, owner: infra, estimate: 2h..4h }
  - { id: resolution, name: Resolution, owner: infra, estimate: 1h..2h }
lab: { enabled: false }
`,
    );
    const env = { HANDBACK_CONFIG: path.join(dir, "incident.yaml"), HANDBACK_DATA_DIR: path.join(dir, "data"), HANDBACK_TOKENS: E2E_TOKENS_ENV, HANDBACK_SCHEDULER: "off" };
    server = await startInstance({ port: PORT, env });
  });

  test.afterAll(async () => {
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test("is flagged overrun with an icon and words, plan vs actual shown", async ({ page }) => {
    const signedIn = await page.request.post(`${server!.url}/api/session`, { headers: { origin: server!.url }, data: { token: E2E_TOKENS.viewer } });
    expect(signedIn.status(), await signedIn.text()).toBe(200);
    await page.goto(`${server!.url}/`);
    const diagnosis = page.getByTestId("phase-diagnosis");
    await expect(diagnosis).toHaveAttribute("data-state", "active");
    await expect(diagnosis).toHaveAttribute("data-overrun", "true");
    await expect(diagnosis.getByTestId("phase-overrun")).toHaveText(/⚠Overrun by (59m|1h( \d+m)?)/);
    await expect(diagnosis).toContainText("Plan2h–4h");
    await expect(diagnosis).toContainText(/Actual\s*5h( \d+m)? so far/);
    await expect(page.getByTestId("phase-resolution")).toHaveAttribute("data-overrun", "false");
    // The active phase has nothing left of its estimate: the ETA is the pending phase's range.
    await expect(page.getByTestId("phases-eta")).toContainText("Diagnosis 0m (active, net of time spent), Resolution 1h–2h");
    // A viewer sees the plan but no write controls.
    await expect(page.getByRole("button", { name: /Complete phase/ })).toHaveCount(0);
    await expect(page.getByText("As viewer, you cannot move the incident from Investigating by hand.")).toBeVisible();
  });
});
