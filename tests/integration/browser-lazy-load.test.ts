import http from "node:http";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { browserStepSchema } from "@/lib/config/browser-steps";
import { closeBrowsers, runProbe } from "@/lib/probes";

// Playwright loads at the first browser probe, not with the probe registry: its bundles hold about 18 MB of
// a server's V8 heap (docs/storage.md "Memory"). A file of its own: the module cache is per test file.
const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const playwrightLoaded = () => Object.keys(createRequire(import.meta.url).cache).some((file) => file.includes(`${path.sep}playwright-core${path.sep}`));

let page: http.Server;
beforeAll(async () => {
  page = http.createServer((_, response) => response.end("<p>page served</p>"));
  await new Promise<void>((resolve) => page.listen(0, "127.0.0.1", resolve));
});
afterAll(async () => {
  await closeBrowsers();
  await new Promise((resolve) => page.close(resolve));
});

it("the probe registry runs probes without loading Playwright; the first browser probe loads it", { timeout: 60_000 }, async () => {
  const url = `http://127.0.0.1:${(page.address() as AddressInfo).port}/`;
  const http200 = await runProbe({ type: "http", url, method: "GET", headers: {}, followRedirects: false }, { timeoutMs: 5_000 });
  expect(http200.observations.STATUS).toBe(200);
  expect(playwrightLoaded()).toBe(false);
  const steps = [{ goto: url }, { waitFor: { text: "page served", timeout: "5s" } }].map((step) => browserStepSchema.parse(step));
  const result = await runProbe({ type: "browser", steps }, { timeoutMs: 15_000, browser: { chromiumPath: CHROMIUM, concurrency: 1 } });
  expect(result.error).toBeUndefined();
  expect(playwrightLoaded()).toBe(true);
});
