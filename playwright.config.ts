import { defineConfig } from "@playwright/test";
import { E2E_TOKENS_ENV } from "./tests/e2e/tokens";

// End-to-end tests run the production build (`next start`) in Debian's Chromium; Playwright's own browser
// download cannot work on this network, so PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 and executablePath are set.
const port = Number(process.env.E2E_PORT ?? 3100);

export default defineConfig({
  testDir: "tests/e2e",
  testMatch: "**/*.spec.ts",
  timeout: 60_000,
  retries: 0,
  workers: 1,
  reporter: [["list"]],
  outputDir: process.env.E2E_OUTPUT_DIR ?? "test-results",
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    screenshot: "on",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking"],
    },
  },
  webServer: {
    command: `node tests/e2e/serve.mjs ${port}`,
    env: { E2E_TOKENS_ENV },
    url: `http://127.0.0.1:${port}/api/health`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
  },
});
