#!/usr/bin/env node
// `handback` launcher: re-runs Node on lib/cli/main.ts with TypeScript (tsx) and the react-server condition,
// which lib/ needs because its modules `import "server-only"` (that package throws under any other condition).
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const main = fileURLToPath(new URL("../lib/cli/main.ts", import.meta.url));
// Resolved from this file, not from the cwd, so `npx handback` works from any directory.
const tsx = import.meta.resolve("tsx");
const tsconfig = fileURLToPath(new URL("../tsconfig.json", import.meta.url));

const child = spawn(process.execPath, ["--conditions=react-server", "--import", tsx, main, ...process.argv.slice(2)], {
  stdio: "inherit",
  env: { ...process.env, TSX_TSCONFIG_PATH: process.env.TSX_TSCONFIG_PATH ?? tsconfig },
});

for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => {
  if (signal) process.kill(process.pid, signal);
  else process.exit(code ?? 1);
});
