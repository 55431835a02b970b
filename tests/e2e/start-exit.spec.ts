import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { SERVER_NODE_FLAGS } from "../../bin/server-flags.mjs";
import { processTree } from "../support/proc";

// `npm start` (bin/start.mjs) over the real build: when the server dies by a signal (an OOM kill is a
// SIGKILL), npm start must not exit 0, or restart policies never fire; a graceful stop it forwarded
// still ends with the server's exit code 0. The server runs with bin/server-flags.mjs's node flags.
const PORT = Number(process.env.E2E_PORT ?? 3100) + 40;

const CONFIG = `incident: { id: EXIT-1, title: Exit code test, severity: P1, startedAt: 2025-01-01T00:00:00Z }
teams: [{ id: infra }]
defaults: { interval: 1h, timeout: 1s }
components:
  - { id: self, probe: { type: tcp, host: 127.0.0.1, port: ${PORT} } }
`;

interface Started {
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
}

/** Spawns `node bin/start.mjs` in its own process group and waits for /api/health. */
async function startNpmStart(dir: string): Promise<Started> {
  const env = { ...process.env, PORT: String(PORT), HANDBACK_CONFIG: path.join(dir, "incident.yaml"), HANDBACK_DATA_DIR: path.join(dir, "data"), NEXT_TELEMETRY_DISABLED: "1" };
  const child = spawn(process.execPath, ["bin/start.mjs"], { env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000)));
  child.stderr!.on("data", (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000)));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline && child.exitCode === null) {
    const response = await fetch(`http://127.0.0.1:${PORT}/api/health`, { signal: AbortSignal.timeout(2_000) }).catch(() => null);
    if (response?.ok) return { child, exited, output: () => output };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`npm start did not serve on ${PORT}:\n${output}`);
}

/** SIGKILLs what is left of the process group (next-server outlives a killed parent). */
function killGroup(pid: number | undefined): void {
  try {
    if (pid) process.kill(-pid, "SIGKILL");
  } catch {
    // ESRCH: nothing left.
  }
}

test.describe.serial("npm start: exit status and server flags", () => {
  test.setTimeout(180_000);
  let dir: string;
  let started: Started | undefined;

  test.beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "handback-start-exit-"));
    writeFileSync(path.join(dir, "incident.yaml"), CONFIG);
  });

  test.afterEach(() => {
    killGroup(started?.child.pid);
    started = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  test("a server killed by SIGKILL makes npm start die by that signal, not exit 0", async () => {
    started = await startNpmStart(dir);
    const launcher = started.child.pid!;
    // The server is the launcher's child (same process group, so kill it alone, not the group).
    const server = processTree(launcher).find((pid) => pid !== launcher);
    expect(server, started.output()).toBeDefined();
    process.kill(server!, "SIGKILL");
    const exit = await started.exited;
    expect(exit, started.output()).toEqual({ code: null, signal: "SIGKILL" });
  });

  test("a graceful stop forwarded by npm start still exits 0", async () => {
    started = await startNpmStart(dir);
    started.child.kill("SIGTERM");
    const exit = await started.exited;
    expect(exit, started.output()).toEqual({ code: 0, signal: null });
    expect(started.output()).toContain("shutdown: stopped cleanly");
  });

  test("the server process runs with the node flags of bin/server-flags.mjs (--no-liftoff: docs/storage.md)", async () => {
    expect(SERVER_NODE_FLAGS).toContain("--no-liftoff");
    started = await startNpmStart(dir);
    // Its own process.execArgv, as the server logs it at start (Next's process title overwrites /proc/<pid>/cmdline).
    const logged = () => /node flags: (.*)$/m.exec(started!.output())?.[1]?.split(" ");
    await expect.poll(logged, { message: started.output() }).toEqual(expect.arrayContaining(SERVER_NODE_FLAGS));
  });
});
