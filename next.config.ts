import type { NextConfig } from "next";
import { API_POLICY, SECURITY_HEADERS } from "./lib/security/csp";

// Native and WASM server packages must not be bundled: PGlite loads its .wasm and data files from its own
// package folder, and pg/ioredis use Node sockets directly;
// playwright-core starts Chromium from files of its own package.
const nextConfig: NextConfig = {
  // A separate build folder lets several checkouts' e2e servers build side by side (tests only).
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
  serverExternalPackages: ["@electric-sql/pglite", "@electric-sql/pglite-socket", "pg", "ioredis", "ws", "yaml", "fast-xml-parser", "playwright-core"],
  poweredByHeader: false,
  typedRoutes: false,
  // Pages get their nonce-based CSP from proxy.ts; API responses a fixed one.
  async headers() {
    return [
      { source: "/:path*", headers: [...SECURITY_HEADERS] },
      { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: API_POLICY }] },
    ];
  },
};

export default nextConfig;
