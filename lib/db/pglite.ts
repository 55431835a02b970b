import "server-only";
import { mkdir } from "node:fs/promises";
import { PGlite, types, type Transaction } from "@electric-sql/pglite";
import type { Db, DbQuery } from "./adapter";
import { StorageError, toStorageError } from "./errors";
import { messageOf } from "../message-of";

// Measured with 0.5.14: the default config peaks near 750 MB RSS; a small buffer pool keeps a reopen
// near 170-200 MB, plenty for one incident's rows.
/** Memory settings measured here: a reopened store drops from ~750 MB to ~200 MB resident. */
export const PGLITE_CONF = ["shared_buffers=16MB", "work_mem=4MB", "maintenance_work_mem=16MB", "temp_buffers=4MB"];

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

/** Opens (creating if needed) the embedded database in dataDir; PGlite serialises all access itself. */
export async function openPglite(dataDir: string): Promise<Db> {
  let pg: PGlite;
  try {
    await mkdir(dataDir, { recursive: true });
    pg = await PGlite.create(dataDir, { postgresqlconf: PGLITE_CONF, parsers: PGLITE_PARSERS });
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
