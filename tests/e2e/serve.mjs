// Playwright's web server: a production build served by `next start` on a throwaway data dir.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ensureBuild } from "../../bin/ensure-build.mjs";
import { SERVER_NODE_FLAGS } from "../../bin/server-flags.mjs";
import { seedPgliteDir } from "../support/pglite-template.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
const port = process.argv[2] ?? "3100";
const built = ensureBuild(root);
if (built !== 0) process.exit(built);

const dataDir = mkdtempSync(path.join(os.tmpdir(), "handback-e2e-"));
// The e2e lab listens on 295xx (not the demo's 391xx) so a running `npm start` does not collide, and below
// Linux's ephemeral range (32768–60999): first-run's lab on 3955x once failed with EADDRINUSE because a client
// socket held that port as its source. E2E_LAB_PREFIX picks another block, so two e2e servers can run at once.
const config = path.join(dataDir, "incident.yaml");
const prefix = process.env.E2E_LAB_PREFIX ?? "295";
writeFileSync(config, readFileSync(path.join(root, "examples", "issue-1278.yaml"), "utf8").replaceAll("391", prefix));
// Copies of the pristine cluster for the store and the lab's Cloud SQL: a copy, not two initdbs (see the module).
await seedPgliteDir(dataDir);
await seedPgliteDir(path.join(dataDir, "lab-cloud-sql"));
const next = path.join(root, "node_modules", "next", "dist", "bin", "next");
const server = spawn(process.execPath, [...SERVER_NODE_FLAGS, next, "start", "--port", port, "--hostname", "127.0.0.1"], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, HANDBACK_DATA_DIR: dataDir, HANDBACK_CONFIG: config, HANDBACK_TOKENS: process.env.E2E_TOKENS_ENV, NEXT_TELEMETRY_DISABLED: "1" },
});
const stop = (signal) => server.kill(signal);
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => stop(signal));
server.on("exit", (code) => {
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(code ?? 0);
});
