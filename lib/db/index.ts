import "server-only";

// The public storage API: open a Db, then pass it (or a transaction) to the per-table query modules.
export type { Db, DbKind, DbQuery } from "./adapter";
export { StorageError, type StorageErrorCode } from "./errors";
export { openDb, type OpenDbOptions } from "./open";
export { migrate, migrationsDir, readMigrations, type Migration } from "./migrate";
export type { PostgresOptions } from "./postgres";
export type { TimeInput } from "./sql";
export * from "./results";
export * from "./transitions";
export * from "./timeline";
export * from "./test-runs";
export * from "./signoffs";
export * from "./incident-state";
export * from "./criterion-states";
export * from "./claims";
export * from "./component-states";
export * from "./revoked-sessions";
export * from "./incident-start";
export * from "./config-versions";
export * from "./incidents";
export * from "./handback-records";
export * from "./notify";
export * from "./screenshots";
export * from "./test-cases";
