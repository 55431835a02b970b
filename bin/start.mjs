#!/usr/bin/env node
// `npm start`: validate the incident config (exit 2 on problems), build if needed, then serve on PORT.
import { spawn, spawnSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ensureBuild } from "./ensure-build.mjs";
import { SERVER_NODE_FLAGS } from "./server-flags.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
// Paths the user gave are relative to where they ran the command; the server runs from the repo root.
for (const name of ["HANDBACK_CONFIG", "HANDBACK_DATA_DIR"]) {
  if (process.env[name]) process.env[name] = path.resolve(process.env[name]);
}
process.chdir(root);

const validate = spawnSync(process.execPath, [path.join(root, "bin", "handback.mjs"), "validate"], { stdio: "inherit" });
if (validate.status !== 0) process.exit(validate.status ?? 1);

const built = ensureBuild(root);
if (built !== 0) process.exit(built);

const port = process.env.PORT ?? "3000";
const next = path.join(root, "node_modules", "next", "dist", "bin", "next");
const server = spawn(process.execPath, [...SERVER_NODE_FLAGS, next, "start", "--port", port], { stdio: "inherit", env: { NEXT_TELEMETRY_DISABLED: "1", NEXT_MANUAL_SIG_HANDLE: "true", ...process.env } });
const forward = (signal) => server.kill(signal);
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, forward);
// A graceful stop ends with the server's own exit code. A server killed by a signal (an OOM kill's SIGKILL)
// is not a success: die by the same signal, so a supervisor or restart policy sees what happened.
server.on("exit", (code, signal) => {
  if (code !== null) process.exit(code);
  for (const name of ["SIGINT", "SIGTERM"]) process.off(name, forward);
  // Should the signal not end this process, the shell convention 128 + signal number still says how.
  process.exitCode = 128 + (os.constants.signals[signal] ?? 0);
  process.kill(process.pid, signal);
});
