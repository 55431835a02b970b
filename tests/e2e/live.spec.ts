import { expect, test, type Page } from "@playwright/test";
import { bearer, E2E_TOKENS } from "./tokens";

// The infra team's live status page against `next start` with the demo lab: faults flipped through
// POST /api/lab/faults must reach the open page through /api/events, without a reload.
const SCREENS = `${process.env.E2E_OUTPUT_DIR ?? "test-results"}/screens`;
const CELL = "component-backend-infrastructure";

async function flip(page: Page, fault: string, mode: string) {
  const response = await page.request.post("/api/lab/faults", { headers: bearer("infra"), data: { fault, mode } });
  expect(response.status(), await response.text()).toBe(200);
}

async function probe(page: Page, ...components: string[]) {
  const response = await page.request.post("/api/probes/run", { headers: bearer("infra"), data: { components } });
  expect(response.status(), await response.text()).toBe(200);
}

/** Marks the window, so a later check can prove no navigation or reload happened. */
const markWindow = (page: Page) => page.evaluate(() => Object.assign(window, { __handbackMark: "kept" }));
const windowMark = (page: Page) => page.evaluate(() => (window as unknown as { __handbackMark?: string }).__handbackMark);

test("the lab fault API lists faults, checks names and modes, and needs the infra role to flip", async ({ request }) => {
  const list = await request.get("/api/lab/faults");
  expect(list.status()).toBe(200);
  const { faults } = await list.json();
  expect(faults).toEqual(expect.arrayContaining([expect.objectContaining({ id: "backend", modes: expect.arrayContaining(["healthy", "failing"]) })]));
  expect((await request.post("/api/lab/faults", { headers: bearer("infra"), data: { fault: "nope", mode: "failing" } })).status()).toBe(400);
  expect((await request.post("/api/lab/faults", { headers: bearer("infra"), data: { fault: "backend", mode: "nope" } })).status()).toBe(400);
  expect((await request.post("/api/lab/faults", { headers: bearer("dev"), data: { fault: "backend", mode: "failing" } })).status()).toBe(403);
  expect((await request.post("/api/lab/faults", { data: { fault: "backend", mode: "failing" } })).status()).toBe(401);
});

test("GET /api/events streams with SSE headers and replays the timeline after lastEventId", async ({ baseURL }) => {
  const abort = new AbortController();
  const response = await fetch(`${baseURL}/api/events?lastEventId=0`, { headers: { ...bearer("viewer"), "accept-encoding": "gzip, br" }, signal: abort.signal });
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
  expect(response.headers.get("cache-control")).toBe("no-cache, no-transform");
  expect(response.headers.get("x-accel-buffering")).toBe("no");
  expect(response.headers.get("content-encoding")).toBeNull();
  const reader = response.body!.getReader();
  let text = "";
  while (!/id: 1\nevent: timeline\ndata: /.test(text)) text += new TextDecoder().decode((await reader.read()).value);
  abort.abort();
  expect(text).toContain("ISSUE-1278 opened in Handback");
});

test("the transitions route answers for a known component and 404s for an unknown one", async ({ request }) => {
  const known = await request.get("/api/components/backend-health/transitions", { headers: bearer("viewer") });
  expect(known.status()).toBe(200);
  expect(Array.isArray((await known.json()).transitions)).toBe(true);
  expect((await request.get("/api/components/nope/transitions", { headers: bearer("viewer") })).status()).toBe(404);
});

test("a lab fault flip reaches the open status page live, without a reload", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto("/");
  await expect(page.getByTestId("incident-state")).toHaveAttribute("data-state", /.+/);
  await expect(page.getByTestId("live-indicator")).toHaveAttribute("data-state", "live");
  await expect(page.getByTestId("live-indicator")).toHaveText(/Live/);
  const cell = page.getByTestId(CELL);
  await markWindow(page);

  await flip(page, "backend", "healthy");
  await probe(page, "backend-infrastructure");
  await expect(cell).toHaveAttribute("data-status", "operational", { timeout: 10_000 });
  await expect(cell).toContainText("Operational");

  await flip(page, "backend", "failing");
  await probe(page, "backend-infrastructure");
  await probe(page, "backend-infrastructure");
  await expect(cell).toHaveAttribute("data-status", "down", { timeout: 10_000 });
  await expect(cell).toContainText("Down");
  expect(await windowMark(page)).toBe("kept");
  await page.screenshot({ path: `${SCREENS}/live-1280.png`, fullPage: true });
});

test("a matrix cell opens the component detail from the keyboard, with chart, results and transitions", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto("/");
  const cell = page.getByTestId(CELL);
  await cell.focus();
  await page.keyboard.press("Enter");
  await expect(cell).toHaveAttribute("aria-pressed", "true");
  const detail = page.locator("#component-detail");
  await expect(detail.getByRole("heading", { name: "Latency" })).toBeVisible();
  await expect(detail.locator(".recharts-surface")).toBeVisible({ timeout: 10_000 });
  await expect(detail.getByText(/^Last \d+ checks, \d+ failed/)).toBeVisible();
  // The whole incident: buckets since the incident started (the demo's started days ago: hours).
  await detail.getByRole("button", { name: "Whole incident" }).click();
  await expect(detail.getByRole("button", { name: "Whole incident" })).toHaveAttribute("aria-pressed", "true");
  await expect(detail.getByText(/^\d+ checks since .+, average latency per (minute|hour)/)).toBeVisible({ timeout: 10_000 });
  await expect(detail.locator(".recharts-surface")).toBeVisible();
  await detail.getByRole("button", { name: "Recent checks" }).click();
  await expect(detail.getByRole("heading", { name: "Recent results" })).toBeVisible();
  await expect(detail.getByText(/total/).first()).toBeVisible();
  await expect(detail.getByRole("heading", { name: "Transitions" })).toBeVisible();
  await expect(detail.getByText(/→/).first()).toBeVisible();
  await page.screenshot({ path: `${SCREENS}/detail-1280.png`, fullPage: true });
  await page.emulateMedia({ colorScheme: "dark" });
  await page.screenshot({ path: `${SCREENS}/detail-1280-dark.png`, fullPage: true });
});

test("a signed-in infra member sees and uses Run probes now; a phone has no sideways scroll", async ({ page, baseURL }) => {
  const signIn = await page.request.post("/api/session", { headers: { origin: baseURL! }, data: { token: E2E_TOKENS.infra } });
  expect(signIn.status(), await signIn.text()).toBe(200);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/");
  const run = page.getByRole("button", { name: "Run probes now" });
  await expect(run).toBeVisible();
  await expect(page.getByTestId("live-indicator")).toHaveAttribute("data-state", "live");
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
  await page.screenshot({ path: `${SCREENS}/status-390.png`, fullPage: true });
  // All probes include the demo's hanging Cloud SQL (35 s timeout): only the pending state is checked here.
  await run.click();
  await expect(page.getByRole("button", { name: "Running…" })).toBeDisabled();
  await page.getByTestId(CELL).click();
  const detail = page.locator("#component-detail");
  await expect(detail.getByRole("heading", { name: "Transitions" })).toBeVisible();
  await detail.getByRole("button", { name: "Probe this now" }).click();
  await expect(detail.getByText(/Ran 1 probe\b/)).toBeVisible({ timeout: 15_000 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
  await page.screenshot({ path: `${SCREENS}/detail-390.png`, fullPage: true });
});

test("the anonymous status page hides Run probes now and shows the hooks", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByTestId("component-backend-health")).toHaveAttribute("data-status", /operational|degraded|down|unknown/);
  await expect(page.getByTestId("criteria-met")).toHaveText(/\d+\/\d+/);
  await expect(page.getByRole("button", { name: "Run probes now" })).toHaveCount(0);
});
