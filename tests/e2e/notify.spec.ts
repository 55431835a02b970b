import { expect, test, type APIRequestContext } from "@playwright/test";
import { shootBothWidths, signIn } from "./screens";

// Notifications in the demo, in a real browser: infra drafts a status update from what changed, edits it and
// posts it from /timeline; the lab's Slack sink receives `update_posted` with the edited text; the leadership
// digest reaches the lab's SMTP sink; the infra panel lists the deliveries.

interface LabMessage {
  via: string;
  event: string | null;
  text: string;
  signatureValid: boolean | null;
}

async function labMessages(request: APIRequestContext): Promise<LabMessage[]> {
  const response = await request.get("/api/lab/notifications");
  expect(response.status()).toBe(200);
  return ((await response.json()) as { messages: LabMessage[] }).messages;
}

test("infra drafts an update on /timeline, edits and posts it, and the lab's Slack sink receives it", async ({ page }) => {
  await signIn(page, "infra");
  await page.goto("/timeline");
  const text = page.getByLabel("Text");
  await page.getByTestId("draft-update").click();
  await expect(text).toHaveValue(/^Status update: Staging infrastructure connectivity failures \(ISSUE-1278\)/);
  await expect(text).toHaveValue(/ARR at risk: \$/);
  const marker = `Edited by e2e ${Date.now()}`;
  await text.fill(`${await text.inputValue()}\n${marker}`);
  await page.getByRole("button", { name: "Post" }).click();
  await expect(page.getByTestId("timeline-entry").filter({ hasText: marker })).toHaveCount(1); // probes keep adding entries at start: not necessarily first
  await expect
    .poll(async () => (await labMessages(page.request)).some((m) => m.via === "slack" && m.event === "update_posted" && m.text.includes(marker)), { timeout: 30_000 })
    .toBe(true);
  await expect(page.getByTestId("notifications-panel")).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId("notification-delivery").first()).toBeVisible();
  await shootBothWidths(page, "timeline-draft-update");
});

test("the leadership draft speaks in counts and money, and the digest reaches the lab's SMTP sink", async ({ page }) => {
  await signIn(page, "leadership");
  await page.goto("/timeline");
  await page.getByLabel("Draft for").selectOption("leadership");
  await page.getByTestId("draft-update").click();
  await expect(page.getByLabel("Text")).toHaveValue(/Criteria met: \d+ of \d+/);
  await expect(page.getByTestId("notifications-panel")).toHaveCount(0); // infra only
  await expect.poll(async () => (await labMessages(page.request)).some((m) => m.via === "email" && m.event === "digest"), { timeout: 30_000 }).toBe(true);
});
