import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { FIRST_CARDS } from "../../components/matrix/fold-groups";
import { startInstance, type Instance } from "../support/instances";
import { bearer, E2E_TOKENS, E2E_TOKENS_ENV } from "./tokens";

// The matrix of a large incident (docs/architecture.md "Large incidents"): above 200 components the groups
// fold into summary rows with counts by status, the groups with problems open first, and every component
// stays reachable by expanding its group, "Show more", search by name or id, and the status filter. 240
// components in four groups; the scheduler is off, so each status comes from POST /api/probes/run:
// Edge (60) has two down, Compute (20) is never checked (unknown), Data (40) and Queue (120) are up.
const PORT = Number(process.env.E2E_PORT ?? 3100) + 70;
const SCREENS = `${process.env.E2E_OUTPUT_DIR ?? "test-results"}/screens`;
const GROUPS = [
  { id: "edge", name: "Edge", size: 60 },
  { id: "data", name: "Data", size: 40 },
  { id: "compute", name: "Compute", size: 20 },
  { id: "queue", name: "Queue", size: 120 },
];

function configYaml(targetUrl: string): string {
  const components = GROUPS.flatMap(({ id, name, size }) =>
    Array.from({ length: size }, (_, index) => `  - { id: ${id}-${index}, name: "${name} node ${index}", group: ${name}, probe: { type: http, url: "${targetUrl}/${id}-${index}" }, conditions: ["[STATUS] == 200"] }`),
  );
  return [
    "incident: { id: LARGE-1, title: Large incident, severity: P1, startedAt: 2025-01-01T00:00:00Z }",
    "teams: [{ id: infra }, { id: dev }, { id: leadership }]",
    "defaults: { interval: 1h, timeout: 2s, failureThreshold: 1, successThreshold: 1 }",
    "components:",
    ...components,
    "",
  ].join("\n");
}

const group = (page: Page, name: string) => page.locator(`[data-testid="matrix-group"][data-group="${name}"]`);
const count = (page: Page, name: string, status: string) => group(page, name).getByTestId(`group-count-${status}`);

test.describe.serial("the matrix of a 240-component incident", () => {
  test.setTimeout(120_000);
  const failing = new Set(["edge-7", "edge-42"]);
  let target: http.Server;
  let dir: string;
  let server: Instance | undefined;

  const probe = async (ids: string[]) => {
    const ran = await fetch(`${server!.url}/api/probes/run`, { method: "POST", headers: { ...bearer("infra"), "content-type": "application/json" }, body: JSON.stringify({ components: ids }) });
    expect(ran.status, await ran.text()).toBe(200);
  };

  test.beforeAll(async () => {
    target = http.createServer((request, response) => response.writeHead(failing.has(request.url!.slice(1)) ? 503 : 200).end("ok"));
    await new Promise<void>((resolve) => target.listen(0, "127.0.0.1", resolve));
    dir = mkdtempSync(path.join(os.tmpdir(), "handback-large-"));
    writeFileSync(path.join(dir, "incident.yaml"), configYaml(`http://127.0.0.1:${(target.address() as AddressInfo).port}`));
    const env = { HANDBACK_CONFIG: path.join(dir, "incident.yaml"), HANDBACK_DATA_DIR: path.join(dir, "data"), HANDBACK_TOKENS: E2E_TOKENS_ENV, HANDBACK_SCHEDULER: "off" };
    server = await startInstance({ port: PORT, env });
    await probe(GROUPS.filter(({ id }) => id !== "compute").flatMap(({ id, size }) => Array.from({ length: size }, (_, index) => `${id}-${index}`)));
  });

  test.afterAll(async () => {
    await server?.stop();
    await new Promise((resolve) => target?.close(resolve));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test.beforeEach(async ({ page }) => {
    const signedIn = await page.request.post(`${server!.url}/api/session`, { headers: { origin: server!.url }, data: { token: E2E_TOKENS.viewer } });
    expect(signedIn.status(), await signedIn.text()).toBe(200);
    await page.goto(`${server!.url}/`);
  });

  test("folds the groups, counts each status, and opens the ones with problems first", async ({ page }) => {
    await expect(page.getByTestId("matrix-group")).toHaveCount(4);
    // Down before unknown; the healthy groups stay folded, their cards out of the DOM.
    await expect(group(page, "Edge")).toHaveAttribute("data-open", "true");
    await expect(group(page, "Compute")).toHaveAttribute("data-open", "true");
    await expect(group(page, "Data")).toHaveAttribute("data-open", "false");
    await expect(group(page, "Queue")).toHaveAttribute("data-open", "false");
    await expect(page.locator('[data-testid^="component-"][data-status]')).toHaveCount(80);
    await expect(page.getByTestId("component-edge-7")).toHaveAttribute("data-status", "down");
    await expect(page.getByTestId("component-data-0")).toHaveCount(0);
    await expect(count(page, "Edge", "down")).toHaveAttribute("data-count", "2");
    await expect(count(page, "Edge", "operational")).toHaveAttribute("data-count", "58");
    // Never checked is unknown, never counted as up.
    await expect(count(page, "Compute", "unknown")).toHaveAttribute("data-count", "20");
    await expect(count(page, "Compute", "operational")).toHaveAttribute("data-count", "0");
    await expect(count(page, "Compute", "unknown")).toContainText("Unknown");
    await page.screenshot({ path: `${SCREENS}/large-incident.png` });
    // A phone reads every count of a summary row without sideways scrolling.
    await page.setViewportSize({ width: 390, height: 844 });
    const box = await count(page, "Compute", "operational").boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(390);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `${SCREENS}/large-incident-390.png` });
  });

  test("draws the first cards in the first render and the rest of the open pages right after it", async ({ page }) => {
    // The cards in the DOM when the first ones arrive: a MutationObserver's first callback runs right after that
    // commit, before React's background render (useDeferredValue in folded-groups.tsx) adds the rest.
    await page.addInitScript(() => {
      new MutationObserver((_, observer) => {
        const cards = document.querySelectorAll('[data-testid^="component-"][data-status]').length;
        if (cards === 0) return;
        (window as unknown as { firstCards: number }).firstCards = cards;
        observer.disconnect();
      }).observe(document, { childList: true, subtree: true });
    });
    await page.reload();
    await expect(page.locator('[data-testid^="component-"][data-status]')).toHaveCount(80);
    expect(await page.evaluate(() => (window as unknown as { firstCards: number }).firstCards)).toBe(FIRST_CARDS);
    // In config order: Edge's first 40 came first, Compute's 20 after them.
    await expect(page.getByTestId("component-compute-19")).toHaveAttribute("data-status", "unknown");
  });

  test("expands a folded group a page at a time, and folds it again", async ({ page }) => {
    const toggle = group(page, "Queue").getByTestId("group-toggle");
    await expect(toggle).toHaveAttribute("aria-expanded", "false");
    await toggle.click();
    await expect(toggle).toHaveAttribute("aria-expanded", "true");
    await expect(group(page, "Queue").locator('[data-testid^="component-"]')).toHaveCount(100);
    await expect(page.getByTestId("component-queue-99")).toHaveAttribute("data-status", "operational");
    await expect(page.getByTestId("component-queue-100")).toHaveCount(0);
    await group(page, "Queue").getByTestId("group-more").click();
    await expect(page.getByTestId("component-queue-119")).toHaveAttribute("data-status", "operational");
    await expect(group(page, "Queue").getByTestId("group-more")).toHaveCount(0);
    // A card found this way opens its detail like any other.
    await page.getByTestId("component-queue-119").click();
    await expect(page.locator("#component-detail")).toContainText("Queue node 119");
    await toggle.click();
    await expect(page.getByTestId("component-queue-0")).toHaveCount(0);
  });

  test("finds any component by name or id, and by status", async ({ page }) => {
    const search = page.getByTestId("matrix-search");
    await search.fill("queue-118");
    await expect(page.getByTestId("matrix-matches")).toHaveText("1 of 240 components match");
    await expect(page.getByTestId("matrix-group")).toHaveCount(1);
    await expect(page.getByTestId("component-queue-118")).toHaveAttribute("data-status", "operational");
    await search.fill("data node 3");
    // "Data node 3" and "Data node 30" … "Data node 39".
    await expect(page.locator('[data-testid^="component-data-"]')).toHaveCount(11);
    await search.fill("");
    await page.getByTestId("matrix-status-filter").selectOption("down");
    await expect(page.getByTestId("matrix-matches")).toHaveText("2 of 240 components match");
    await expect(page.locator('[data-testid^="component-"][data-status]')).toHaveCount(2);
    await expect(page.getByTestId("component-edge-42")).toHaveAttribute("data-status", "down");
    await page.getByTestId("matrix-status-filter").selectOption("unknown");
    await expect(page.locator('[data-testid^="component-"][data-status="unknown"]')).toHaveCount(20);
  });

  test("a live update changes a folded group's counts without opening or moving it", async ({ page }) => {
    await expect(page.getByTestId("live-indicator")).toHaveAttribute("data-state", "live");
    const before = await group(page, "Data").boundingBox();
    failing.add("data-5");
    await probe(["data-5"]);
    await expect(count(page, "Data", "down")).toHaveAttribute("data-count", "1");
    await expect(count(page, "Data", "operational")).toHaveAttribute("data-count", "39");
    await expect(group(page, "Data")).toHaveAttribute("data-open", "false");
    await expect(page.getByTestId("component-data-5")).toHaveCount(0);
    expect(await group(page, "Data").boundingBox()).toEqual(before);
    // Reachable through the status filter all the same.
    await page.getByTestId("matrix-status-filter").selectOption("down");
    await expect(page.getByTestId("component-data-5")).toHaveAttribute("data-status", "down");
  });
});
