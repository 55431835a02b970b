import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { createScratchDatabase, withClient, type ScratchDatabase } from "../support/db-targets";
import { startInstance, startWorker, type Instance, type ManagedProcess } from "../support/instances";
import { bearer, E2E_TOKENS, E2E_TOKENS_ENV } from "./tokens";

// Two `next start` instances and a location worker on the machine's PostgreSQL and Redis, against a
// counting HTTP target: each slot is probed once across instances, an event on one instance reaches the
// other's SSE stream, the matrix shows component × location, and a killed instance's probes go on.
const databaseUrl = process.env.TEST_DATABASE_URL;
const redisUrl = process.env.TEST_REDIS_URL;
if ((!databaseUrl || !redisUrl) && process.env.CI === "true") throw new Error("scale-out e2e: TEST_DATABASE_URL and TEST_REDIS_URL must be set when CI=true");
const SCREENS = `${process.env.E2E_OUTPUT_DIR ?? "test-results"}/screens`;
const BASE_PORT = Number(process.env.E2E_PORT ?? 3100) + 20;
const INTERVAL_MS = 1_000;
const COMPONENTS = ["api", "web", "eu-only"] as const;

/** One request the target saw: which path, from which location (the X-From header), when. */
interface Hit {
  path: string;
  from: string;
  at: number;
}

/** Answers 200 on every path, except /eu-only asked from eu-west (503): that location sees an outage. */
async function startCountingTarget() {
  const hits: Hit[] = [];
  const server = http.createServer((request, response) => {
    const from = String(request.headers["x-from"] ?? "?");
    const pathname = (request.url ?? "/").split("?")[0]!;
    hits.push({ path: pathname, from, at: Date.now() });
    response.writeHead(pathname === "/eu-only" && from === "eu-west" ? 503 : 200, { "content-type": "text/plain" }).end("ok");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const count = (from: string, since: number, until = Date.now()) => hits.filter((hit) => hit.from === from && hit.at >= since && hit.at < until);
  return { port, count, close: () => new Promise((resolve) => server.close(resolve)) };
}

function configText(incidentId: string, targetPort: number): string {
  const components = COMPONENTS.map(
    (id) => `  - id: ${id}
    group: Edge
    probe: { type: http, url: "http://127.0.0.1:${targetPort}/${id}", headers: { X-From: "\${PROBE_FROM}" } }
    conditions: ["[STATUS] == 200"]`,
  ).join("\n");
  return `incident: { id: ${incidentId}, title: Scale-out test, severity: P1, startedAt: 2025-01-01T00:00:00Z }
teams: [{ id: infra }, { id: dev }, { id: leadership }]
defaults: { interval: ${INTERVAL_MS}ms, timeout: 500ms, failureThreshold: 1, successThreshold: 1 }
components:
${components}
`;
}

/** Reads an SSE stream until an event's data contains `text`; resolves with the event type. */
async function waitForEvent(url: string, text: string, timeoutMs: number): Promise<string> {
  const response = await fetch(`${url}/api/events`, { headers: bearer("viewer"), signal: AbortSignal.timeout(timeoutMs) });
  expect(response.status).toBe(200);
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`stream ended before an event with "${text}"`);
      buffer += decoder.decode(value, { stream: true });
      const frames = buffer.split("\n\n");
      buffer = frames.pop()!;
      const hit = frames.find((frame) => frame.includes(text));
      if (hit) return /^event: (.+)$/m.exec(hit)?.[1] ?? "message";
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Probes per component over a window, from one location: at most one per slot, plus one at the edges. */
function expectOncePerSlot(hits: Hit[], windowMs: number) {
  const slots = windowMs / INTERVAL_MS;
  for (const id of COMPONENTS) {
    const count = hits.filter((hit) => hit.path === `/${id}`).length;
    expect(count, `${id}: ${count} probes over ${slots} slots`).toBeGreaterThanOrEqual(Math.floor(slots) - 1);
    expect(count, `${id}: ${count} probes over ${slots} slots`).toBeLessThanOrEqual(Math.ceil(slots) + 1);
  }
}

test.describe.serial("two instances and a worker on PostgreSQL and Redis", () => {
  // Outside CI only: with CI=true a missing service already failed the file above.
  test.skip(!databaseUrl || !redisUrl, "TEST_DATABASE_URL and TEST_REDIS_URL are not set (needs the machine's PostgreSQL and Redis)");
  test.setTimeout(120_000);
  let target: Awaited<ReturnType<typeof startCountingTarget>>;
  let database: ScratchDatabase;
  let dir: string;
  let env: Record<string, string>;
  let a: Instance;
  let b: Instance;
  let worker: ManagedProcess | undefined;

  test.beforeAll(async () => {
    test.setTimeout(180_000);
    target = await startCountingTarget();
    database = await createScratchDatabase(databaseUrl!, "handback_e2e");
    dir = mkdtempSync(path.join(os.tmpdir(), "handback-scale-"));
    const config = path.join(dir, "incident.yaml");
    writeFileSync(config, configText(`SCALE-${path.basename(dir).slice(-6)}`, target.port));
    // One session secret for both instances, as behind a load balancer; storage is the shared PostgreSQL.
    const secrets = { HANDBACK_TOKENS: E2E_TOKENS_ENV, HANDBACK_SESSION_SECRET: "scale-out-e2e-session-secret-0123456789" };
    env = { HANDBACK_CONFIG: config, DATABASE_URL: database.url, REDIS_URL: redisUrl!, ...secrets, PROBE_FROM: "default" };
    const start = (n: number) => startInstance({ port: BASE_PORT + n, env: { ...env, HANDBACK_DATA_DIR: path.join(dir, `data-${n}`) } });
    [a, b] = await Promise.all([start(0), start(1)]);
  });

  test.afterAll(async () => {
    await Promise.allSettled([a?.stop(), b?.stop(), worker?.stop()]);
    await target?.close();
    await database?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test("each scheduled check runs once per interval across both instances", async () => {
    await sleep(2_000); // both instances are scheduling
    const since = Date.now();
    await sleep(6_000);
    expectOncePerSlot(target.count("default", since), Date.now() - since);
    // Both instances took part: each claimed some of the slots.
    const claimants = await withClient(database.url, (client) => client.query("SELECT count(DISTINCT instance)::int AS instances FROM probe_claims"));
    expect(claimants.rows[0]?.instances).toBe(2);
  });

  test("an event published on one instance reaches the SSE stream of the other", async () => {
    const note = `note from B ${Date.now()}`;
    const received = waitForEvent(a.url, note, 10_000);
    await sleep(500); // A's stream is open
    const posted = await fetch(`${b.url}/api/timeline`, {
      method: "POST",
      headers: { ...bearer("infra"), "content-type": "application/json" },
      body: JSON.stringify({ type: "note", text: note }),
    });
    expect(posted.status, await posted.text()).toBe(201);
    expect(await received).toBe("timeline");
  });

  test("a worker's location joins the matrix: component × location, combined status", async ({ page }) => {
    worker = await startWorker({ location: "eu-west", configPath: env.HANDBACK_CONFIG!, env: { ...env, PROBE_FROM: "eu-west", HANDBACK_DATA_DIR: path.join(dir, "worker") } });
    // Signed in on B, read on A (cookies do not tell ports apart): one session secret serves every instance.
    const signIn = await page.request.post(`${b.url}/api/session`, { headers: { origin: b.url }, data: { token: E2E_TOKENS.viewer } });
    expect(signIn.status(), await signIn.text()).toBe(200);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(a.url);
    await expect(page.getByTestId("cell-eu-only-eu-west")).toHaveAttribute("data-status", "down", { timeout: 15_000 });
    await expect(page.getByTestId("cell-eu-only-default")).toHaveAttribute("data-status", "operational");
    await expect(page.getByTestId("cell-api-eu-west")).toHaveAttribute("data-status", "operational");
    // Down at one location of two: degraded overall, never "up" and never "down".
    await expect(page.getByTestId("component-eu-only")).toHaveAttribute("data-status", "degraded");
    await expect(page.getByTestId("component-api")).toHaveAttribute("data-status", "operational");
    await page.getByTestId("component-eu-only").click();
    const detail = page.locator("#component-detail");
    await expect(detail.getByRole("heading", { name: "Locations" })).toBeVisible();
    await expect(detail.getByText("@eu-west").first()).toBeVisible({ timeout: 10_000 });
    await detail.getByRole("button", { name: "Whole incident" }).click();
    await expect(detail.locator(".recharts-legend-item-text", { hasText: "eu-west" })).toBeVisible({ timeout: 10_000 });
    await page.screenshot({ path: `${SCREENS}/locations-1280.png`, fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `${SCREENS}/locations-390.png`, fullPage: true });
  });

  test("an instance killed mid-run: the survivor probes every slot", async () => {
    await b.kill();
    const since = Date.now();
    // Takeover is due within max(2 intervals, 10 s); with claims per slot the next slot is already the survivor's.
    await sleep(2 * INTERVAL_MS);
    const afterTakeover = Date.now();
    await sleep(5_000);
    expectOncePerSlot(target.count("default", afterTakeover), Date.now() - afterTakeover);
    const gapFree = target.count("default", since).filter((hit) => hit.path === "/api");
    expect(gapFree.length).toBeGreaterThanOrEqual(5);
    const status = await (await fetch(`${a.url}/api/status`, { headers: bearer("viewer") })).json();
    const api = status.components.find((component: { id: string }) => component.id === "api");
    expect(api).toMatchObject({ status: "operational", stale: false });
  });
});
