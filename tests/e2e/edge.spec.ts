import { readFileSync, writeFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import type { Instance } from "../support/instances";
import { startDemoCopy, type DemoCopy } from "./demo-copy";
import { processTree } from "../support/proc";
import { upload } from "../support/upload";
import { largeReport } from "../support/junit-reports";
import { E2E_TOKENS } from "./tokens";

// The HTTP edge of a production build (`next start`): security headers and a CSP that the pages live
// with; and, on a second server with `publicRead: false`, what an anonymous visitor sees, bodies
// that must not be buffered, a 5 MB JUnit report parsed off the event loop, and the failure limiter.

const PAGES = ["/", "/impact", "/handback", "/timeline", "/sign-in", "/no-such-page"];

/** Records CSP violations in the page from its first script on. */
async function watchCsp(page: Page): Promise<string[]> {
  const messages: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) messages.push(message.text());
  });
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => console.error(`Refused to run: CSP violation of ${event.violatedDirective} by ${event.blockedURI}`));
  });
  return messages;
}

test.describe("security headers on the demo server", () => {
  for (const pathname of PAGES) {
    test(`${pathname}: nonce CSP, no framing, nosniff; the page hydrates with no CSP violation`, async ({ page }) => {
      const violations = await watchCsp(page);
      const response = await page.goto(pathname);
      const headers = response!.headers();
      expect(headers["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{20,}' 'strict-dynamic'/);
      expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
      expect(headers["content-security-policy"]).not.toContain("unsafe-eval");
      expect(headers["x-content-type-options"]).toBe("nosniff");
      expect(headers["referrer-policy"]).toBe("same-origin");
      // The live indicator is drawn by client code: "Live" means React hydrated and the EventSource opened.
      await expect(page.getByTestId("live-indicator")).toHaveAttribute("data-state", "live");
      expect(violations).toEqual([]);
    });
  }

  test("the violation watcher is not blind: an image from another origin is refused and reported", async ({ page }) => {
    const violations = await watchCsp(page);
    await page.goto("/timeline");
    await page.evaluate(() => {
      const image = document.createElement("img");
      image.src = "http://127.0.0.2:9/blocked.png";
      document.body.append(image);
    });
    await expect.poll(() => violations.length).toBeGreaterThan(0);
  });

  test("every page load gets its own nonce", async ({ request }) => {
    const nonce = async () => /'nonce-([^']+)'/.exec((await request.get("/timeline")).headers()["content-security-policy"] ?? "")?.[1];
    const [first, second] = [await nonce(), await nonce()];
    expect(first).toBeTruthy();
    expect(first).not.toBe(second);
  });

  test("API responses: a CSP that loads nothing, nosniff", async ({ request }) => {
    const headers = (await request.get("/api/health")).headers();
    expect(headers["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(headers["x-content-type-options"]).toBe("nosniff");
  });
});

test.describe("a server with publicRead: false", () => {
  test.describe.configure({ mode: "serial" });
  const PORT = Number(process.env.E2E_PORT ?? 3100) + 100;
  let copy: DemoCopy;
  let server: Instance;

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    copy = await startDemoCopy(PORT, "edge", (yaml) => yaml.replace(/publicRead: true.*/, "publicRead: false"));
    server = copy.server;
  });
  test.afterAll(async () => copy?.stop());

  test("/sign-in shows an anonymous visitor no incident title; /api/ready no data path", async ({ request }) => {
    const html = await (await request.get(`${server.url}/sign-in`)).text();
    expect(html).toContain("<title>Sign in — Handback</title>");
    expect(html).not.toContain("Staging infrastructure connectivity failures");
    expect(html).not.toContain("ISSUE-1278");
    const ready = await request.get(`${server.url}/api/ready`);
    expect(await ready.json()).toEqual({ status: "ready", storage: "pglite" });
  });

  test("50 MB at POST /api/session: 413, and the server's memory does not grow by it", async () => {
    const pids = processTree(server.pid);
    const rss = (pid: number, field: "VmRSS" | "VmHWM") => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) / 1024;
    for (const chunked of [false, true]) {
      const before = pids.map((pid) => rss(pid, "VmRSS"));
      for (const pid of pids) writeFileSync(`/proc/${pid}/clear_refs`, "5"); // VmHWM := VmRSS
      const result = await upload(PORT, "/api/session", 50 * 1024 * 1024, { chunked, headers: { "content-type": "application/json" } });
      expect(result.status, result.body).toBe(413);
      const grewMb = Math.max(...pids.map((pid, i) => rss(pid, "VmHWM") - before[i]!));
      expect(grewMb, `peak RSS growth (chunked: ${chunked})`).toBeLessThan(30);
    }
  });

  test("a 5 MB JUnit report is parsed (in the worker thread) and stored", async ({ request }) => {
    const xml = largeReport(5 * 1024 * 1024 - 64 * 1024);
    const response = await request.post(`${server.url}/api/test-runs?suite=unit`, { data: xml, headers: { authorization: `Bearer ${E2E_TOKENS.dev}`, "content-type": "application/xml" }, timeout: 60_000 });
    expect(response.status(), await response.text()).toBe(201);
    const body = await response.json();
    expect(body.tests).toBeGreaterThan(20_000);
    expect(body.failed).toBe(Math.ceil(body.tests / 10));
  });

  test("wrong tokens: a client's own X-Forwarded-For does not give it new tries; Bearer shares the limit", async ({ request }) => {
    const signIn = (token: string, i: number) =>
      request.post(`${server.url}/api/session`, { data: { token }, headers: { "x-forwarded-for": `203.0.113.${i}` } });
    for (let i = 0; i < 10; i += 1) expect((await signIn(`wrong-token-${i}-0123456789`, i)).status()).toBe(401);
    const limited = await signIn(E2E_TOKENS.viewer, 99);
    expect(limited.status()).toBe(429);
    expect(Number(limited.headers()["retry-after"])).toBeGreaterThan(0);
    const bearer = await request.get(`${server.url}/api/status`, { headers: { authorization: `Bearer ${E2E_TOKENS.viewer}`, "x-forwarded-for": "203.0.113.100" } });
    expect(bearer.status()).toBe(429);
  });
});
