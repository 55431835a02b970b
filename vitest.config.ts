import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Vitest owns tests/unit and tests/integration only; Playwright's *.spec.ts files live in tests/e2e.
export default defineConfig({
  resolve: {
    alias: {
      "@": fileURLToPath(new URL("./", import.meta.url)),
      // `server-only` throws outside React's server condition; tests run lib/ code directly on the server.
      "server-only": fileURLToPath(new URL("./tests/support/server-only.ts", import.meta.url)),
    },
  },
  test: {
    include: ["tests/unit/**/*.test.ts", "tests/integration/**/*.test.ts"],
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
