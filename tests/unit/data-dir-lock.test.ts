import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DataDirLockedError, LOCK_FILE, lockDataDir } from "@/lib/data-dir-lock";

// The lock file's rules against what a data dir may already hold. The live holder is a real other process
// (this test's parent); dead holders are pids no process has.
let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const holderText = (pid: number, host = os.hostname()) => JSON.stringify({ pid, host, command: "handback server", since: "2026-01-01T00:00:00.000Z", token: "feedc0de" });
const DEAD_PID = 2 ** 22 + 1; // above Linux's pid_max ceiling: never a live process

describe("lockDataDir", () => {
  it.each<[string, string | null]>([
    ["an empty data dir", null],
    ["a lock whose pid is dead", holderText(DEAD_PID)],
    ["a lock with this process's own pid (a container's pid 1 after a restart)", holderText(process.pid)],
    ["a lock from another host name (a recreated container on the same volume)", holderText(process.ppid, "some-old-container")],
    ["an unreadable lock file", "{half a lock"],
  ])("takes %s, and release() removes its lock", (_label, existing) => {
    dir = mkdtempSync(path.join(os.tmpdir(), "handback-lock-unit-"));
    if (existing !== null) writeFileSync(path.join(dir, LOCK_FILE), existing);
    const lock = lockDataDir(dir, "handback probe");
    expect(JSON.parse(readFileSync(path.join(dir, LOCK_FILE), "utf8"))).toMatchObject({ pid: process.pid, command: "handback probe" });
    lock.release();
    expect(existsSync(path.join(dir, LOCK_FILE))).toBe(false);
  });

  it("takes the lock of a holder SIGKILLed with its parent, while that holder is a zombie nobody reaped", async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "handback-lock-unit-"));
    // The holder is a grandchild: once its parent dies too it is pid 1's to reap, which in a container
    // may take a long time or never happen; until then kill(pid, 0) still succeeds.
    const parent = spawn("sh", ["-c", "sleep 60 & echo $!; wait"], { detached: true });
    const holder = await new Promise<number>((resolve) => parent.stdout.once("data", (chunk) => resolve(Number(String(chunk).trim()))));
    process.kill(-parent.pid!, "SIGKILL");
    await new Promise((resolve) => (parent.exitCode !== null || parent.signalCode !== null ? resolve(null) : parent.once("exit", resolve)));
    // The group's SIGKILL reaches the holder on its own schedule: wait until the kernel shows it dead
    // (a zombie, state Z, or gone), or a loaded machine checks the lock while it is still running.
    const state = () => (existsSync(`/proc/${holder}/stat`) ? readFileSync(`/proc/${holder}/stat`, "utf8").replace(/^.*\) /s, "")[0] : "gone");
    for (let waited = 0; waited < 5_000 && !["Z", "X", "gone"].includes(state() ?? "gone"); waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
    writeFileSync(path.join(dir, LOCK_FILE), holderText(holder));
    lockDataDir(dir, "handback probe").release();
  });

  it("refuses a lock a live process holds, naming its pid and command, and leaves that lock alone", () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "handback-lock-unit-"));
    writeFileSync(path.join(dir, LOCK_FILE), holderText(process.ppid));
    expect(() => lockDataDir(dir, "handback probe")).toThrow(DataDirLockedError);
    expect(() => lockDataDir(dir, "handback probe")).toThrow(`is in use by pid ${process.ppid} (handback server on ${os.hostname()}`);
    expect(readFileSync(path.join(dir, LOCK_FILE), "utf8")).toBe(holderText(process.ppid));
  });
});
