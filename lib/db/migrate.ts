import "server-only";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { Db, DbQuery } from "./adapter";

/** One SQL file of lib/db/migrations, e.g. 001_init.sql → version 1. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

// An arbitrary constant reserved for Handback migrations; unrelated advisory locks must use other keys.
const MIGRATION_LOCK_KEY = 6_845_375_204;

const FILE_PATTERN = /^(\d+)_([a-z0-9_-]+)\.sql$/i;

/** The folder holding the SQL files: read at run time from the repo root (Next bundles modules). */
export function migrationsDir(root: string = process.cwd()): string {
  return path.join(root, "lib/db/migrations");
}

/** Reads every NNN_name.sql file of dir, ordered by version; a duplicate version is an error. */
export async function readMigrations(dir: string = migrationsDir()): Promise<Migration[]> {
  const files = (await readdir(/* turbopackIgnore: true */ dir)).filter((file) => FILE_PATTERN.test(file));
  const migrations = await Promise.all(
    files.map(async (file) => {
      const [, version = "", name = ""] = FILE_PATTERN.exec(file) ?? [];
      return { version: Number(version), name, sql: await readFile(/* turbopackIgnore: true */ path.join(dir, file), "utf8") };
    }),
  );
  migrations.sort((a, b) => a.version - b.version);
  const duplicate = migrations.find((m, i) => i > 0 && migrations[i - 1]?.version === m.version);
  if (duplicate) throw new Error(`Two migrations share version ${duplicate.version} in ${dir}`);
  return migrations;
}

/** Lists the versions already recorded in schema_migrations, creating the table on first run. */
async function listAppliedVersions(tx: DbQuery): Promise<Set<number>> {
  await tx.exec(
    `CREATE TABLE IF NOT EXISTS schema_migrations (
       version integer PRIMARY KEY,
       name text NOT NULL,
       applied_at timestamptz NOT NULL DEFAULT now()
     )`,
  );
  const rows = await tx.query<{ version: number }>("SELECT version FROM schema_migrations");
  return new Set(rows.map((row) => row.version));
}

/**
 * Applies pending migrations in order inside one transaction and returns the versions it applied
 * ([] when up to date). The advisory lock makes instances starting together apply each file once.
 */
export async function migrate(db: Db, dir: string = migrationsDir()): Promise<number[]> {
  const migrations = await readMigrations(dir);
  return db.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`);
    const applied = await listAppliedVersions(tx);
    const pending = migrations.filter((m) => !applied.has(m.version));
    for (const migration of pending) {
      await tx.exec(migration.sql);
      await tx.query("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", [migration.version, migration.name]);
    }
    return pending.map((m) => m.version);
  });
}
