import "server-only";
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { PGlite, types, type PGliteOptions, type Transaction } from "@electric-sql/pglite";
import type { Db, DbQuery } from "./adapter";
import { StorageError, toStorageError } from "./errors";
import { messageOf } from "../message-of";

// Measured with 0.5.14: the default config peaks near 750 MB RSS; a small buffer pool keeps a reopen
// near 170-200 MB, plenty for one incident's rows.
/** Memory settings measured here: a reopened store drops from ~750 MB to ~200 MB resident. */
export const PGLITE_CONF = ["shared_buffers=16MB", "work_mem=4MB", "maintenance_work_mem=16MB", "temp_buffers=4MB"];

/** How long after a fresh store's initdb its garbage is collected (measured: at once is too early, 1 s frees it). */
const INITDB_GC_DELAY_MS = 1_000;

// PGlite already returns safe int8 values as numbers; force it so both backends agree on every value.
const PGLITE_PARSERS = { [types.INT8]: (value: string) => Number(value) };

type PgliteRunner = Pick<Transaction, "query" | "exec">;

/** Wraps PGlite's query/exec (on the instance or a transaction) as a DbQuery with mapped errors. */
function wrapRunner(runner: PgliteRunner): DbQuery {
  return {
    async query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
      try {
        const result = await runner.query<T>(sql, params);
        return result.rows;
      } catch (error) {
        throw toStorageError(error, "PGlite");
      }
    },
    async exec(sql: string): Promise<void> {
      try {
        await runner.exec(sql);
      } catch (error) {
        throw toStorageError(error, "PGlite");
      }
    },
  };
}

/** Runs fn inside PGlite's transaction; errors fn throws pass through untouched, BEGIN/COMMIT ones are mapped. */
async function runTransaction<T>(pg: PGlite, fn: (tx: DbQuery) => Promise<T>): Promise<T> {
  let fnFailed = false;
  try {
    return await pg.transaction(async (tx) => {
      try {
        return await fn(wrapRunner(tx));
      } catch (error) {
        fnFailed = true;
        throw error;
      }
    });
  } catch (error) {
    throw fnFailed ? error : toStorageError(error, "PGlite");
  }
}

/**
 * The size of PGlite's WebAssembly memory. PGlite 0.5 keeps its Emscripten module in a protected field
 * with no public accessor; reading its wasmMemory is the only way to see it (null if that ever moves).
 */
function wasmHeapBytes(pg: PGlite): number | null {
  const heap = (pg as unknown as { mod?: { wasmMemory?: WebAssembly.Memory } }).mod?.wasmMemory;
  return heap ? heap.buffer.byteLength : null;
}

/**
 * PGlite.create with PGLITE_CONF in `dir` (made if missing). The first open of an empty directory runs
 * initdb, which leaves about 400 MB of WebAssembly memory behind as garbage that an idle server keeps
 * resident, since nothing makes V8 collect it: one full collection a moment later frees it (docs/storage.md
 * "Memory"). `gc` exists when node runs with --expose-gc (bin/server-flags.mjs); elsewhere nothing happens.
 */
export async function createPglite(dir: string, options: Omit<PGliteOptions, "postgresqlconf"> = {}): Promise<PGlite> {
  await mkdir(dir, { recursive: true });
  const fresh = !existsSync(path.join(dir, "PG_VERSION"));
  const pg = await PGlite.create(dir, { postgresqlconf: PGLITE_CONF, ...options });
  // Not at once: initdb's memory is still referenced until the tasks that ran it are over.
  if (fresh) setTimeout(() => (globalThis as { gc?: () => void }).gc?.(), INITDB_GC_DELAY_MS).unref();
  return pg;
}

/** Opens (creating if needed) the embedded database in dataDir; PGlite serialises all access itself. */
export async function openPglite(dataDir: string): Promise<Db> {
  let pg: PGlite;
  try {
    pg = await createPglite(dataDir, { parsers: PGLITE_PARSERS });
  } catch (error) {
    // No secrets here, and the operator needs the reason (permissions, a corrupt or foreign directory).
    const reason = messageOf(error);
    throw new StorageError("STORAGE_UNAVAILABLE", `PGlite could not open ${dataDir}: ${reason}`);
  }
  const base = wrapRunner(pg);
  return {
    kind: "pglite",
    query: base.query,
    exec: base.exec,
    // PGlite has a single connection; its own transaction() holds a mutex so other queries wait outside.
    transaction: <T>(fn: (tx: DbQuery) => Promise<T>) => runTransaction(pg, fn),
    engineMemoryBytes: () => wasmHeapBytes(pg),
    ping: () => base.query("SELECT 1").then(() => undefined),
    async close(): Promise<void> {
      if (!pg.closed) await pg.close();
    },
  };
}
