import { expect, test, type Page } from "@playwright/test";
import { signIn } from "./screens";
import { bearer } from "./tokens";

// The /timeline page's filters at incident length (docs/incidents.md "The timeline at incident length"):
// the text search, the time range, "People only" and paging past the newest 200, each used through the
// page's own controls, each changing the list the page shows.

const entries = (page: Page) => page.getByTestId("timeline-entry");
const typesShown = (page: Page) => entries(page).evaluateAll((nodes) => nodes.map((node) => node.getAttribute("data-type")));

/** Posts notes one by one (the page shows newest first) and returns the newest one's time. */
async function postNotes(page: Page, texts: string[]): Promise<string> {
  let at = "";
  for (const text of texts) {
    const response = await page.request.post("/api/timeline", { data: { type: "note", text }, headers: bearer("infra") });
    expect(response.status()).toBe(201);
    at = ((await response.json()) as { entry: { at: string } }).entry.at;
  }
  return at;
}

/** "2025-09-16T10:02" in the browser's zone (datetime-local has none), `minutes` from an ISO time. */
const localMinute = (page: Page, iso: string, minutes: number) =>
  page.evaluate(([at, shift]) => {
    const date = new Date(Date.parse(at) + shift * 60_000);
    return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
  }, [iso, minutes] as const);

test("the search box, the time range and People only narrow the list the page shows", async ({ page }) => {
  const token = `needle-${Date.now()}`;
  await signIn(page, "infra");
  const postedAt = await postNotes(page, [`first ${token}`, `second ${token}`]);
  await page.goto("/timeline");
  await expect(entries(page).first()).toBeVisible();
  const before = await entries(page).count();
  expect(before).toBeGreaterThan(2);

  await page.getByLabel("Search entries").fill(token);
  await page.getByLabel("Search entries").press("Enter");
  await expect(page).toHaveURL(new RegExp(`[?&]q=${token}`));
  await expect(entries(page)).toHaveCount(2);
  await expect(entries(page).first()).toContainText(`second ${token}`);

  // Until a minute before the notes: nothing matches; from the notes' minute on: both again.
  await page.getByLabel("Until").fill(await localMinute(page, postedAt, -1));
  await expect(page).toHaveURL(/[?&]until=/);
  await expect(page.getByText("No entries match these filters.")).toBeVisible();
  await page.getByLabel("Until").fill("");
  await page.getByLabel("From").fill(await localMinute(page, postedAt, -1));
  await expect(page).toHaveURL(/[?&]since=/);
  await expect(page).not.toHaveURL(/[?&]until=/);
  await expect(entries(page)).toHaveCount(2);

  await page.getByRole("button", { name: "Clear filters" }).click();
  await expect(page).not.toHaveURL(/[?&](q|since)=/);
  await expect(entries(page).first()).toBeVisible();
  await page.getByLabel("People only").check();
  await expect(page).toHaveURL(/[?&]people=1/);
  const types = await typesShown(page);
  expect(types.length).toBeGreaterThan(0);
  expect(types.every((type) => type === "update" || type === "note" || type === "signoff")).toBe(true);
  // The demo's probes and the workflow wrote entries people did not: the unfiltered list held them.
  await page.getByLabel("People only").uncheck();
  await expect(page).not.toHaveURL(/[?&]people=1/);
  await expect.poll(async () => (await typesShown(page)).some((type) => type !== "update" && type !== "note" && type !== "signoff")).toBe(true);
});

test("Older entries pages past the newest 200, and Newest entries comes back", async ({ page }) => {
  test.setTimeout(120_000);
  const token = `page-${Date.now()}`;
  await signIn(page, "infra");
  await postNotes(page, Array.from({ length: 205 }, (_, index) => `${token} #${String(index).padStart(3, "0")}`));
  await page.goto(`/timeline?q=${token}`);
  await expect(entries(page)).toHaveCount(200);
  await expect(entries(page).first()).toContainText(`${token} #204`);
  await expect(entries(page).last()).toContainText(`${token} #005`);

  await page.getByTestId("timeline-older").click();
  await expect(page).toHaveURL(/[?&]beforeId=\d+/);
  await expect(page).toHaveURL(new RegExp(`[?&]q=${token}`));
  await expect(entries(page)).toHaveCount(5);
  await expect(entries(page).first()).toContainText(`${token} #004`);
  await expect(entries(page).last()).toContainText(`${token} #000`);
  await expect(page.getByTestId("timeline-older")).toHaveCount(0);

  await page.getByRole("link", { name: "Newest entries" }).click();
  await expect(page).not.toHaveURL(/beforeId=/);
  await expect(entries(page)).toHaveCount(200);
});
