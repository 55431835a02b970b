import "server-only";
import { redact } from "../redact";
import { messageOf } from "../message-of";

/** Stable codes for storage failures; callers branch on these, never on message text. */
export type StorageErrorCode = "STORAGE_UNAVAILABLE" | "STORAGE_TIMEOUT" | "CONFLICT" | "QUERY_FAILED";

// Next.js bundles instrumentation and each route separately, so this class exists in several copies, and
// the store (opened at boot) throws the instrumentation's copy into route code. `instanceof` goes by this
// process-wide brand instead of the class identity; without it a route saw a plain error and answered
// 500 INTERNAL instead of 503 STORAGE_UNAVAILABLE.
const BRAND = Symbol.for("handback.StorageError");

/** A storage failure whose message is safe to log or return: no connection string, no password. */
export class StorageError extends Error {
  static [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === "object" && value !== null && (value as { [BRAND]?: unknown })[BRAND] === true;
  }

  readonly [BRAND] = true;
  readonly code: StorageErrorCode;
  /** The five-character PostgreSQL SQLSTATE when the server reported one (e.g. 23505). */
  readonly sqlState: string | null;

  constructor(code: StorageErrorCode, message: string, sqlState: string | null = null) {
    super(message);
    this.name = "StorageError";
    this.code = code;
    this.sqlState = sqlState;
  }
}

// SQLSTATE classes that mean "the server is not usable", not "this statement is wrong":
// 08 connection exception, 28 invalid authorisation, 3D invalid catalog (no such database),
// 53 insufficient resources, 57P admin shutdown / crash / cannot connect now.
const UNAVAILABLE_PREFIXES = ["08", "28", "3D", "53", "57P"];

/** Reads the SQLSTATE of a server-reported error (pg and PGlite both set `severity` and `code`). */
function readSqlState(error: unknown): string | null {
  if (typeof error !== "object" || error === null) return null;
  const { code, severity } = error as { code?: unknown; severity?: unknown };
  return typeof severity === "string" && typeof code === "string" && code.length === 5 ? code : null;
}

/** Reads a Node system error code such as ECONNREFUSED or ETIMEDOUT. */
function readSystemCode(error: unknown): string | null {
  if (typeof error !== "object" || error === null) return null;
  const { code } = error as { code?: unknown };
  return typeof code === "string" && /^E[A-Z]+$/.test(code) ? code : null;
}

/** Builds the sanitized "cannot reach storage" error for a connection-level failure. */
function toUnavailableError(error: unknown, backend: string): StorageError {
  const reason = readSqlState(error) ?? readSystemCode(error) ?? "CONNECTION_FAILED";
  return new StorageError("STORAGE_UNAVAILABLE", `${backend} storage is unavailable (${reason})`, readSqlState(error));
}

/** Maps anything a driver throws to a StorageError; secrets are stripped from the message. */
export function toStorageError(error: unknown, backend: string, secrets: readonly string[] = []): StorageError {
  if (error instanceof StorageError) return error;
  const sqlState = readSqlState(error);
  if (sqlState === null) return toUnavailableError(error, backend);
  if (UNAVAILABLE_PREFIXES.some((prefix) => sqlState.startsWith(prefix))) return toUnavailableError(error, backend);
  const message = redact(messageOf(error), secrets);
  if (sqlState === "57014") return new StorageError("STORAGE_TIMEOUT", message, sqlState);
  if (sqlState === "23505") return new StorageError("CONFLICT", message, sqlState);
  return new StorageError("QUERY_FAILED", message, sqlState);
}
