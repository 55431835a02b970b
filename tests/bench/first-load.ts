// Bench (page weight): the JavaScript a first visit to each page downloads, as Chromium receives it
// (compressed, as `next start` serves it). Next 16's Turbopack build no longer prints "First Load JS", so
// both figures are measured here: `initial` = the scripts the server's HTML names (Next's definition of
// first-load JS), `total` = everything fetched until the network is idle, lazily loaded charts included.
import { startHttpTarget } from "@/lib/lab";
import { launchChromium, startServer } from "./flip";

const ROUTES = ["/", "/impact", "/handback", "/timeline", "/sign-in"];

/** Kilobytes of JavaScript each route loads on a cold first visit (encoded bytes on the wire). */
export async function benchFirstLoadJs(port = Number(process.env.BENCH_PAGES_PORT ?? 3213)) {
  const target = await startHttpTarget();
  const server = await startServer(target.url("/health"), port);
  const browser = await launchChromium();
  const kilobytes: Record<string, { initial: number; total: number }> = {};
  try {
    for (const route of ROUTES) {
      const context = await browser.newContext();
      const page = await context.newPage();
      const sizes = new Map<string, Promise<number>>();
      page.on("response", (response) => {
        if (response.request().resourceType() === "script") sizes.set(response.url(), response.request().sizes().then((size) => size.responseBodySize));
      });
      const html = (await (await page.goto(`${server.baseUrl}${route}`, { waitUntil: "networkidle" }))?.text()) ?? "";
      const named = new Set([...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*as="script"[^>]*\shref)="([^"]+)"/g)].map((match) => new URL(match[1]!.replaceAll("&amp;", "&"), server.baseUrl).href));
      const sum = async (urls: string[]) => Math.round((await Promise.all(urls.map((url) => sizes.get(url) ?? 0))).reduce((a, b) => a + b, 0) / 1024);
      kilobytes[route] = { initial: await sum([...sizes.keys()].filter((url) => named.has(url))), total: await sum([...sizes.keys()]) };
      await context.close();
    }
  } finally {
    await browser.close();
    await server.stop();
    await target.close();
  }
  return { unit: "kB", routes: kilobytes, initialUnder250kB: Object.values(kilobytes).every((size) => size.initial < 250) };
}
