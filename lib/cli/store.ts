import "server-only";
import path from "node:path";
import { DataDirLockedError, lockDataDir } from "../data-dir-lock";
import { openDb, type Db } from "../db";
import { messageOf } from "../message-of";
import type { CliContext } from "./context";

// The store a read-only command (`verify`, `report`) opens: the server's PostgreSQL when DATABASE_URL is
// set, else the PGlite files in HANDBACK_DATA_DIR. PGlite is single-process, so that needs the data dir's
// lock: with the server running, the command says so instead of opening the files under it.

/** An open store and how to let go of it. */
export interface CliStore {
  db: Db;
  close(): Promise<void>;
}

/** Opens the store for `command`, or writes why not to stderr and returns null. */
export async function openCliStore(context: CliContext, command: string): Promise<CliStore | null> {
  const databaseUrl = context.env.DATABASE_URL || undefined;
  const dataDir = path.resolve(context.cwd, context.env.HANDBACK_DATA_DIR ?? ".handback");
  let lock: { release(): void } | null = null;
  try {
    if (!databaseUrl) lock = lockDataDir(dataDir, `handback ${command}`);
    const db = await openDb({ databaseUrl, dataDir });
    return { db, close: async () => void (await db.close(), lock?.release()) };
  } catch (error) {
    lock?.release();
    const why = error instanceof DataDirLockedError ? `${messageOf(error)} (stop the server, or set DATABASE_URL to read its PostgreSQL)` : messageOf(error);
    context.stderr(`handback ${command}: storage unavailable: ${why}`);
    return null;
  }
}
