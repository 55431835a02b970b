import "server-only";
import { fileURLToPath } from "node:url";
import { runCli } from "./run";

// Entry point of `handback` (started by bin/handback.mjs): the only CLI code that reads process state.

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));

process.exitCode = await runCli(process.argv.slice(2), {
  env: process.env,
  cwd: process.cwd(),
  repoRoot,
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
});
