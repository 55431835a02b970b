// Builds the Next.js app when there is no build, or when a source file is newer than the build, so that
// `npm start` and the e2e tests never serve a stale bundle.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

const SOURCES = ["app", "components", "lib", "public", "instrumentation.ts", "proxy.ts", "next.config.ts", "postcss.config.mjs", "package-lock.json"];

function newestMtime(entry) {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(entry).reduce((newest, name) => Math.max(newest, newestMtime(path.join(entry, name))), stat.mtimeMs);
}

/** Runs `next build` in `root` if needed; returns the exit code (0 when nothing had to be done). */
export function ensureBuild(root) {
  const buildId = path.join(root, process.env.NEXT_DIST_DIR ?? ".next", "BUILD_ID");
  if (existsSync(buildId)) {
    const built = statSync(buildId).mtimeMs;
    const changed = Math.max(...SOURCES.map((entry) => newestMtime(path.join(root, entry))));
    if (changed <= built) return 0;
    console.log("handback: sources changed since the last build; rebuilding");
  } else {
    console.log("handback: no build found; building (about a minute on first run)");
  }
  const next = path.join(root, "node_modules", "next", "dist", "bin", "next");
  // Incident networks are often closed: no telemetry calls from the build.
  const result = spawnSync(process.execPath, [next, "build"], { cwd: root, stdio: "inherit", env: { NEXT_TELEMETRY_DISABLED: "1", ...process.env } });
  return result.status ?? 1;
}
