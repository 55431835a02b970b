import "server-only";

/** Which engine backs a Db: embedded PGlite (default) or a PostgreSQL server (DATABASE_URL). */
export type DbKind = "pglite" | "postgres";

/**
 * The query surface shared by a Db and an open transaction. Rows come back with `int8` as JS numbers,
 * `timestamptz` as Date, `jsonb` parsed, on both backends.
 */
export interface DbQuery {
  /** Runs one parameterised statement ($1, $2, …) and returns its rows. */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs a script of one or more statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

/** A storage handle; every error it throws is a StorageError with a stable code and no secrets. */
export interface Db extends DbQuery {
  readonly kind: DbKind;
  /**
   * Runs fn in one transaction: commit when it resolves, roll back when it throws (fn's error is rethrown
   * as is). Inside fn use only tx: on PGlite, a call on the Db itself waits for the transaction to end.
   */
  transaction<T>(fn: (tx: DbQuery) => Promise<T>): Promise<T>;
  /**
   * Bytes the storage engine holds inside this process: PGlite's WebAssembly heap (it grows, never shrinks);
   * null on PostgreSQL, whose memory is its own processes' (docs/storage.md "Memory").
   */
  engineMemoryBytes(): number | null;
  /** Resolves when storage answers a trivial query (readiness). */
  ping(): Promise<void>;
  /** Releases the pool or shuts PGlite down (flushing it to disk). */
  close(): Promise<void>;
}
