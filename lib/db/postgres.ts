import "server-only";
import pg from "pg";
import type { Db, DbQuery } from "./adapter";
import { connectionSecrets } from "../redact";
import { toStorageError } from "./errors";

/** Tunables for the PostgreSQL pool; the defaults make sure no call can hang forever. */
export interface PostgresOptions {
  /** Deadline for opening a connection, TCP + TLS + auth (default 5 s). */
  connectTimeoutMs?: number;
  /** Server-side statement_timeout, set after connecting; the client gives up 5 s later if the server goes silent (default 15 s). */
  statementTimeoutMs?: number;
  /** Pool size (default 10). */
  maxConnections?: number;
}

type PgRunner = Pick<pg.Pool, "query"> | Pick<pg.PoolClient, "query">;

// int8 (ids, counts) as numbers, like PGlite. Per pool, not pg.types globally, so probe clients keep defaults.
const PG_TYPES = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === pg.types.builtins.INT8 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as
    typeof pg.types.getTypeParser,
};

/** Wraps a pool or a checked-out client as a DbQuery whose errors are StorageErrors. */
function wrapRunner(runner: PgRunner, secrets: readonly string[]): DbQuery {
  return {
    async query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
      try {
        const result = await runner.query(sql, params);
        return result.rows as T[];
      } catch (error) {
        throw toStorageError(error, "PostgreSQL", secrets);
      }
    },
    async exec(sql: string): Promise<void> {
      try {
        // No parameters: pg uses the simple protocol, which accepts several statements at once.
        await runner.query(sql);
      } catch (error) {
        throw toStorageError(error, "PostgreSQL", secrets);
      }
    },
  };
}

/** Runs fn on one pooled connection between BEGIN and COMMIT, rolling back when it throws. */
async function runTransaction<T>(pool: pg.Pool, secrets: readonly string[], fn: (tx: DbQuery) => Promise<T>): Promise<T> {
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (error) {
    throw toStorageError(error, "PostgreSQL", secrets);
  }
  const tx = wrapRunner(client, secrets);
  let broken: Error | undefined;
  // pg-pool removes its own 'error' listener while a client is checked out, so a server that goes away
  // between two statements would emit an unhandled 'error' and crash the process. Keep it: the next
  // statement fails with it, and release() destroys the connection instead of pooling it.
  const onLost = (error: Error) => (broken ??= error);
  client.on("error", onLost);
  try {
    await tx.exec("BEGIN");
    const result = await fn(tx);
    await tx.exec("COMMIT");
    return result;
  } catch (error) {
    // A failed ROLLBACK means the connection is unusable: destroy it instead of returning it to the pool.
    await client.query("ROLLBACK").catch((rollbackError: Error) => (broken = rollbackError));
    throw error;
  } finally {
    client.removeListener("error", onLost);
    client.release(broken);
  }
}

/**
 * Session timeouts as one statement run right after connecting. As startup parameters they would be
 * refused by PgBouncer ("unsupported startup parameter"), which only accepts a handful there.
 */
function sessionSettings(statementTimeout: number): string {
  return `SET statement_timeout = ${statementTimeout}; SET idle_in_transaction_session_timeout = ${statementTimeout * 2}`;
}

/** Creates the pool for DATABASE_URL; nothing connects until the first query. */
export function openPostgres(databaseUrl: string, options: PostgresOptions = {}): Db {
  const statementTimeout = Math.round(options.statementTimeoutMs ?? 15_000);
  const secrets = connectionSecrets(databaseUrl);
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
    query_timeout: statementTimeout + 5_000,
    max: options.maxConnections ?? 10,
    keepAlive: true,
    application_name: "handback",
    types: PG_TYPES,
    // Awaited by pg-pool before the client is handed out; a failure fails that checkout and drops the client.
    onConnect: (client: pg.ClientBase) => client.query(sessionSettings(statementTimeout)).then(() => undefined),
  });
  // An idle client losing its server emits here; without a listener Node would crash the process.
  // The next query reports the outage as STORAGE_UNAVAILABLE, so there is nothing else to do.
  pool.on("error", () => undefined);
  const base = wrapRunner(pool, secrets);
  let closed = false;
  return {
    kind: "postgres",
    query: base.query,
    exec: base.exec,
    transaction: (fn) => runTransaction(pool, secrets, fn),
    engineMemoryBytes: () => null,
    ping: () => base.query("SELECT 1").then(() => undefined),
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}
