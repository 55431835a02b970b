import { afterAll, beforeAll } from "vitest";
import { openDb, type Db } from "@/lib/db";
import type { Backend, DbTarget } from "./db-targets";

// The scratch store of a `describe.each(storageBackends(…))` suite (kept apart from db-targets.ts, which the
// benches import outside Vitest).
/** A scratch store of one backend for a suite: opened before its tests, closed and removed after them. */
export interface SuiteStore {
  /** The open store (after beforeAll). */
  db(): Db;
  /** Where the store lives (a CLI run against the same store opens these). */
  options(): DbTarget["options"];
  /** Closes the store and opens the same target again (a restart). */
  reopen(): Promise<Db>;
}

/** Registers beforeAll/afterAll that give the suite a scratch store of `backend` (nothing when it is skipped). */
export function useSuiteStore(backend: Backend): SuiteStore {
  let target: DbTarget | undefined;
  let db: Db | undefined;
  beforeAll(async () => {
    if (backend.skipReason) return;
    target = await backend.createTarget();
    db = await openDb(target.options);
  });
  afterAll(async () => {
    await db?.close();
    await target?.cleanup();
  });
  return {
    db: () => db!,
    options: () => target!.options,
    async reopen() {
      await db?.close();
      db = await openDb(target!.options);
      return db;
    },
  };
}
