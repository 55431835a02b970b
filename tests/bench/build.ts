// The production build the bench serves: NEXT_DIST_DIR (default .next-live, beside the developer's .next).
import { fileURLToPath } from "node:url";

/** The checkout the bench runs in. */
export const root = fileURLToPath(new URL("../..", import.meta.url));

/** Builds into NEXT_DIST_DIR when the build is missing or stale; servers started later inherit the variable. */
export async function ensureBenchBuild(): Promise<void> {
  process.env.NEXT_DIST_DIR ??= ".next-live";
  // @ts-expect-error plain .mjs helper without types
  const { ensureBuild } = (await import("../../bin/ensure-build.mjs")) as { ensureBuild: (dir: string) => number };
  if (ensureBuild(root) !== 0) throw new Error("next build failed");
}
