import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { seedPgliteDir } from "./pglite-template.mjs";

/** Options for openDb pointing at a throwaway store, and how to throw it away. */
export interface DbTarget {
  options: { databaseUrl?: string; dataDir: string };
  cleanup(): Promise<void>;
}

/** A fresh PGlite data directory under the OS temp folder: a copy of the pristine cluster, no migration applied. */
export async function createPgliteTarget(): Promise<DbTarget> {
  const dataDir = await seedPgliteDir(await mkdtemp(path.join(tmpdir(), "handback-db-")));
  return { options: { dataDir }, cleanup: () => rm(dataDir, { recursive: true, force: true }) };
}

/** Runs `work` on a short-lived connection to `url`. */
export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A database created for one test or bench run; drop() removes it (WITH FORCE: leftover connections go too). */
export interface ScratchDatabase {
  url: string;
  drop(): Promise<void>;
}

/** Creates `<prefix>_<random>` on the server of adminUrl (which must allow CREATE DATABASE). */
export async function createScratchDatabase(adminUrl: string, prefix = "handback_test"): Promise<ScratchDatabase> {
  if (!/^[a-z_][a-z0-9_]{0,40}$/.test(prefix)) throw new Error(`database prefix "${prefix}": use a-z, 0-9 and _`);
  const name = `${prefix}_${randomBytes(6).toString("hex")}`;
  await withClient(adminUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => withClient(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined) };
}

/** A throwaway database on the server of adminUrl, dropped by cleanup. */
export async function createPostgresTarget(adminUrl: string): Promise<DbTarget> {
  const database = await createScratchDatabase(adminUrl);
  return {
    // dataDir is required by openDb but unused when databaseUrl is set.
    options: { databaseUrl: database.url, dataDir: path.join(tmpdir(), `${new URL(database.url).pathname.slice(1)}-unused`) },
    cleanup: database.drop,
  };
}

/** Describes a row's shape as key → type tag, to compare backends without comparing values. */
export function shapeOf(row: object): Record<string, string> {
  return Object.fromEntries(
    Object.entries(row).map(([key, value]) => {
      if (value === null) return [key, "null"];
      if (Array.isArray(value)) return [key, "array"];
      if (value instanceof Date) return [key, "Date"];
      return [key, typeof value];
    }),
  );
}

/** A storage backend a suite runs against: PGlite always, PostgreSQL when TEST_DATABASE_URL is there. */
export interface Backend {
  kind: "pglite" | "postgres";
  title: string;
  skipReason: string | null;
  createTarget(): Promise<DbTarget>;
}

/** Both backends for `describe.each`, the PostgreSQL one carrying its skip reason when unavailable. */
export function storageBackends(postgres: { url: string | null; skipReason: string | null }): Backend[] {
  return [
    { kind: "pglite", title: "PGlite (embedded)", skipReason: null, createTarget: createPgliteTarget },
    {
      kind: "postgres",
      title: postgres.url ? "PostgreSQL (TEST_DATABASE_URL)" : `PostgreSQL — SKIPPED: ${postgres.skipReason}`,
      skipReason: postgres.skipReason,
      createTarget: () => createPostgresTarget(postgres.url ?? ""),
    },
  ];
}
