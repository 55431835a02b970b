import "server-only";
import type { Db } from "./adapter";
import { migrate } from "./migrate";
import { openPglite } from "./pglite";
import { openPostgres, type PostgresOptions } from "./postgres";

/** Where storage lives: a PostgreSQL server when databaseUrl is set, else PGlite files in dataDir. */
export interface OpenDbOptions extends PostgresOptions {
  databaseUrl?: string;
  dataDir: string;
  /** Folder of NNN_name.sql files; defaults to lib/db/migrations under the working directory. */
  migrationsDir?: string;
}

/** Opens the configured backend, checks that it answers, and applies pending migrations. */
export async function openDb(options: OpenDbOptions): Promise<Db> {
  const db = options.databaseUrl ? openPostgres(options.databaseUrl, options) : await openPglite(options.dataDir);
  try {
    await migrate(db, options.migrationsDir);
    return db;
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
}
