import type { NextConfig } from "next";

// Native and WASM server packages must not be bundled: PGlite loads its .wasm and data files from its own
// package folder, and pg/ioredis use Node sockets directly.
const nextConfig: NextConfig = {
  serverExternalPackages: ["@electric-sql/pglite", "@electric-sql/pglite-socket", "pg", "ioredis", "ws", "yaml", "fast-xml-parser"],
  poweredByHeader: false,
  typedRoutes: false,
};

export default nextConfig;
