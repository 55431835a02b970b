import { expect, type Page } from "@playwright/test";
import { E2E_TOKENS } from "./tokens";

// Shared steps for the page specs: sign in through the page's own request context, and screenshots.

const SCREENS = `${process.env.E2E_OUTPUT_DIR ?? "test-results"}/screens`;

/** Signs the page in: the session cookie lands in the page's context. */
export async function signIn(page: Page, role: keyof typeof E2E_TOKENS) {
  const response = await page.request.post("/api/session", { data: { token: E2E_TOKENS[role] } });
  expect(response.status()).toBe(200);
}

/** Full-page screenshots at desktop and phone widths; also checks the phone width has no sideways scroll. */
export async function shootBothWidths(page: Page, name: string) {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: `${SCREENS}/${name}-1280.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(300); // let ResponsiveContainer re-measure
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, "no sideways scrolling at 390 px").toBeLessThanOrEqual(0);
  await page.screenshot({ path: `${SCREENS}/${name}-390.png`, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.emulateMedia({ colorScheme: "dark" });
  await page.screenshot({ path: `${SCREENS}/${name}-dark-1280.png`, fullPage: true });
  await page.emulateMedia({ colorScheme: "light" });
}
