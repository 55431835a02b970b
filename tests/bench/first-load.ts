// Bench (page weight): the JavaScript a first visit to each page downloads, as Chromium receives it
// (compressed, as `next start` serves it). Next 16's Turbopack build no longer prints "First Load JS".
import { startHttpTarget } from "@/lib/lab";
import { launchChromium, startServer } from "./flip";

const ROUTES = ["/", "/impact", "/handback", "/timeline", "/sign-in"];

/** Kilobytes of JavaScript each route loads on a cold first visit (encoded bytes on the wire). */
export async function benchFirstLoadJs(port = Number(process.env.BENCH_PAGES_PORT ?? 3213)) {
  const target = await startHttpTarget();
  const server = await startServer(target.url("/health"), port);
  const browser = await launchChromium();
  const kilobytes: Record<string, number> = {};
  try {
    for (const route of ROUTES) {
      const context = await browser.newContext();
      const page = await context.newPage();
      const sizes: Promise<number>[] = [];
      page.on("response", (response) => {
        if (response.request().resourceType() === "script") sizes.push(response.request().sizes().then((size) => size.responseBodySize));
      });
      await page.goto(`${server.baseUrl}${route}`, { waitUntil: "networkidle" });
      kilobytes[route] = Math.round((await Promise.all(sizes)).reduce((sum, size) => sum + size, 0) / 1024);
      await context.close();
    }
  } finally {
    await browser.close();
    await server.stop();
    await target.close();
  }
  return { unit: "kB", routes: kilobytes, under250kB: Object.values(kilobytes).every((size) => size < 250) };
}
