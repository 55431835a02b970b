import "server-only";
import { randomBytes } from "node:crypto";
import { linkSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import path from "node:path";

// One process per data dir: PGlite is single-process, and two processes opening one store (two servers, or
// `handback probe` next to a server running the lab) corrupt it. The lock is a file holding the holder's
// pid; a holder that died without releasing it (SIGKILL, OOM) leaves a stale lock that the next process
// takes over. Created with link(2), so a lock file is never seen half-written.

/** The lock file's name inside the data dir. */
export const LOCK_FILE = "handback.lock";

/** Who holds a data dir. */
export interface LockHolder {
  pid: number;
  host: string;
  /** What the holder is, e.g. "handback server" or "handback probe". */
  command: string;
  since: string;
  /** Tells two holders with one pid apart (a container's pid 1 after a restart). */
  token: string;
}

/** Another live process holds the data dir; the message names it. */
export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder,
  ) {
    super(
      `data dir ${dataDir} is in use by pid ${holder.pid} (${holder.command} on ${holder.host}, since ${holder.since}); ` +
        `stop that process or give this one another HANDBACK_DATA_DIR (lock file ${LOCK_FILE})`,
    );
    this.name = "DataDirLockedError";
  }
}

/** A held lock; release() is idempotent and also runs when the process exits. */
export interface DataDirLock {
  holder: LockHolder;
  release(): void;
}

function readHolder(file: string): LockHolder | null {
  try {
    const parsed = JSON.parse(readFileSync(file, "utf8")) as Partial<LockHolder>;
    return typeof parsed.pid === "number" && typeof parsed.token === "string" ? (parsed as LockHolder) : null;
  } catch {
    return null; // gone meanwhile, or not ours to read: treated as stale
  }
}

/**
 * Whether a process with this pid runs (EPERM: it does, as another user). A zombie does not: a killed
 * holder whose parent died too waits for pid 1 to reap it, and a container's pid 1 may never do so.
 */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
  return !isZombie(pid);
}

/** Whether /proc says the pid has exited and awaits reaping (state Z); false where /proc cannot tell. */
function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z");
  } catch {
    return false;
  }
}

/** Stale: its pid is dead, or is this process's own without being this lock (a previous life as pid 1). */
function isStale(holder: LockHolder | null): boolean {
  return holder === null || holder.host !== hostname() || holder.pid === process.pid || !isAlive(holder.pid);
}

/**
 * Moves a stale lock aside, atomically, and deletes it; if another process replaced it meanwhile with a
 * live lock of its own, that one is put back (link fails rather than overwrite a newer one).
 */
function removeStale(file: string, stale: LockHolder | null): void {
  const aside = `${file}.stale-${process.pid}-${randomBytes(4).toString("hex")}`;
  try {
    renameSync(file, aside);
  } catch {
    return; // already gone
  }
  const moved = readHolder(aside);
  if (moved?.token !== stale?.token && !isStale(moved)) {
    try {
      linkSync(aside, file);
    } catch {
      // Someone locked it in the meantime; they hold it now.
    }
  }
  unlinkSync(aside);
}

/** Takes the data dir's lock for this process, or throws DataDirLockedError naming the live holder. */
export function lockDataDir(dataDir: string, command: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, LOCK_FILE);
  const holder: LockHolder = { pid: process.pid, host: hostname(), command, since: new Date().toISOString(), token: randomBytes(8).toString("hex") };
  const draft = `${file}.${holder.token}`;
  writeFileSync(draft, `${JSON.stringify(holder)}\n`);
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        linkSync(draft, file);
        return heldLock(file, holder);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      }
      const current = readHolder(file);
      if (!isStale(current)) throw new DataDirLockedError(dataDir, current!);
      removeStale(file, current);
    }
    throw new Error(`could not lock data dir ${dataDir}: its lock file keeps changing`);
  } finally {
    unlinkSync(draft);
  }
}

function heldLock(file: string, holder: LockHolder): DataDirLock {
  let held = true;
  const release = () => {
    if (!held) return;
    held = false;
    process.off("exit", release);
    // Only our own lock: never delete one a later holder took over.
    if (readHolder(file)?.token === holder.token) unlinkSync(file);
  };
  process.on("exit", release);
  return { holder, release };
}
