import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";

/** Options for openDb pointing at a throwaway store, and how to throw it away. */
export interface DbTarget {
  options: { databaseUrl?: string; dataDir: string };
  cleanup(): Promise<void>;
}

/** A fresh PGlite data directory under the OS temp folder. */
export async function createPgliteTarget(): Promise<DbTarget> {
  const dataDir = await mkdtemp(path.join(tmpdir(), "handback-db-"));
  return { options: { dataDir }, cleanup: () => rm(dataDir, { recursive: true, force: true }) };
}

/** Runs one statement on a short-lived admin connection to adminUrl. */
async function runAdmin(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A throwaway database on the server of adminUrl, dropped (WITH FORCE) by cleanup. */
export async function createPostgresTarget(adminUrl: string): Promise<DbTarget> {
  const name = `handback_test_${randomBytes(6).toString("hex")}`;
  await runAdmin(adminUrl, `CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    // dataDir is required by openDb but unused when databaseUrl is set.
    options: { databaseUrl: url.toString(), dataDir: path.join(tmpdir(), `${name}-unused`) },
    cleanup: () => runAdmin(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
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
