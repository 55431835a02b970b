import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOCK_FILE } from "@/lib/data-dir-lock";
import { startHttpTarget, type HttpTarget } from "@/lib/lab";
import { processTree } from "../support/proc";

// Two real `handback probe` processes and one data dir. The first starts the fault lab (locking the data
// dir, binding the lab's ports, opening the lab's PGlite store) and holds it while a probe hangs. A second
// run on that data dir must not open the store: it names the holder and probes the running lab. A run on
// another data dir finds the ports taken before it creates a store. Once the holder is SIGKILLed, its lock
// is stale and the next run takes it over. The lab listens on 287xx, clear of the other tests' blocks
// and below the ephemeral range (see api-lab-faults.test.ts).
const BASE_PORT = 28_700;
const dir = mkdtempSync(path.join(os.tmpdir(), "handback-lock-"));
const shared = path.join(dir, "shared-data");
let target: HttpTarget;
let holder: ChildProcess | undefined;

function writeConfig(name: string, component: string): string {
  const file = path.join(dir, `${name}.yaml`);
  writeFileSync(
    file,
    `incident: { id: L-1, title: Lock test, severity: P2, startedAt: 2025-01-01T00:00:00Z }
teams: [{ id: infra }]
components:
${component}
lab: { enabled: true, basePort: ${BASE_PORT} }
`,
  );
  return file;
}

function spawnProbe(config: string, dataDir: string): ChildProcess {
  return spawn(process.execPath, ["bin/handback.mjs", "probe", config], { env: { ...process.env, HANDBACK_DATA_DIR: dataDir }, detached: true });
}

function runProbe(config: string, dataDir: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawnProbe(config, dataDir);
    let [stdout, stderr] = ["", ""];
    child.stdout!.on("data", (chunk) => (stdout += chunk));
    child.stderr!.on("data", (chunk) => (stderr += chunk));
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port }, () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });

beforeAll(async () => {
  target = await startHttpTarget({ routes: { "/ok": { status: "healthy" }, "/hang": { status: "healthy" } } });
  target.setMode("hang", { path: "/hang" });
});

afterAll(async () => {
  if (holder?.pid && holder.exitCode === null && holder.signalCode === null) process.kill(-holder.pid, "SIGKILL");
  await target?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("one process per data dir", () => {
  it("a second run names the holder and leaves the lab store alone; a dead holder's lock is taken over", async () => {
    const hanging = writeConfig("hanging", `  - { id: stuck, probe: { type: http, url: "${target.url("/hang")}" }, timeout: 60s }`);
    const quick = writeConfig("quick", `  - { id: api, probe: { type: http, url: "${target.url("/ok")}" }, conditions: ["[STATUS] == 200"] }`);
    holder = spawnProbe(hanging, shared);
    holder.stderr!.resume();
    holder.stdout!.resume();
    for (let i = 0; i < 240 && !(await listening(BASE_PORT + 9)); i += 1) await sleep(250);
    const lock = JSON.parse(readFileSync(path.join(shared, LOCK_FILE), "utf8")) as { pid: number; command: string };
    expect(processTree(holder.pid!)).toContain(lock.pid);

    const second = await runProbe(quick, shared);
    expect(second.stderr).toContain(`is in use by pid ${lock.pid} (handback probe`);
    expect(second.status).toBe(0);

    // Another data dir: the lock is free, but the lab's ports are taken, and that is found first.
    const other = path.join(dir, "other-data");
    const third = await runProbe(quick, other);
    expect(third.stderr).toMatch(/ports are taken/);
    expect(existsSync(path.join(other, "lab-cloud-sql"))).toBe(false);
    expect(existsSync(path.join(other, LOCK_FILE))).toBe(false);

    process.kill(-holder.pid!, "SIGKILL");
    await new Promise((resolve) => (holder!.exitCode !== null || holder!.signalCode !== null ? resolve(null) : holder!.once("exit", resolve)));
    for (let i = 0; i < 40 && (await listening(BASE_PORT + 9)); i += 1) await sleep(250);
    expect(existsSync(path.join(shared, LOCK_FILE))).toBe(true); // left behind by the kill

    const fourth = await runProbe(quick, shared);
    expect(fourth.stderr).not.toMatch(/in use by|ports are taken/);
    expect(fourth.status).toBe(0);
    expect(existsSync(path.join(shared, LOCK_FILE))).toBe(false);
  }, 120_000);
});
