import "server-only";
import pg from "pg";
import { roundMs, withDeadline, type EndReason, type Outcome, type ProbeScope } from "./deadline";
import { errorCodeOf, failureOf, rawCodeOf } from "./errors";
import type { ProbeErrorCode, ProbeFn } from "./types";

// pg hangs forever on a silent server without connectionTimeoutMillis, and its own timeouts fail with
// code-less errors: they are set just past the hard deadline as backstops, so withDeadline decides first.
// No statement_timeout: as a startup parameter PgBouncer refuses it, and a SET after connecting would stay
// on a server connection PgBouncer shares with the application in transaction pooling. The deadline
// closes the connection instead.
const BACKSTOP_MS = 100;
/** How long a graceful end() may take after a finished probe before the socket is destroyed. */
const END_GRACE_MS = 1_000;

// SQLSTATE classes that mean something more specific than QUERY_FAILED.
const SQLSTATES: Record<string, ProbeErrorCode> = {
  "28P01": "AUTH_FAILED", // invalid_password
  "28000": "AUTH_FAILED", // invalid_authorization_specification (e.g. unknown role, pg_hba reject)
  "3D000": "DB_NOT_FOUND", // invalid_catalog_name: the database does not exist
  "57014": "TIMEOUT", // query_canceled: statement_timeout fired
};

/** SQLSTATE codes are five characters; anything else is a Node socket error code. */
function classify(error: unknown): ProbeErrorCode {
  const code = rawCodeOf(error);
  if (code && /^[0-9A-Z]{5}$/.test(code)) return SQLSTATES[code] ?? "QUERY_FAILED";
  return errorCodeOf(error);
}

/** Closes the client: gracefully after a finished probe, by destroying its socket otherwise. */
function closeClient(client: pg.Client, reason: EndReason): void {
  const destroy = () => void client.connection.stream.destroy();
  if (reason !== "done") return destroy();
  const fallback = setTimeout(destroy, END_GRACE_MS).unref();
  client.end().then(() => clearTimeout(fallback), destroy);
}

/** Connects, runs the query and records CONNECTED, RESPONSE_TIME and ROWS. */
async function query(probe: Parameters<ProbeFn<"postgres">>[0], scope: ProbeScope): Promise<Outcome> {
  const limit = scope.timeoutMs + BACKSTOP_MS;
  const client = new pg.Client({
    connectionString: probe.url,
    connectionTimeoutMillis: limit,
    query_timeout: limit,
    application_name: "handback-probe",
  });
  client.on("error", () => {}); // errors after connect are reported by the awaited calls
  scope.onCleanup((reason) => closeClient(client, reason));
  scope.observations.CONNECTED = false;
  try {
    await client.connect();
    scope.observations.CONNECTED = true;
    scope.phases.connect = roundMs(scope.elapsed());
    const result = await client.query(probe.query);
    const last = Array.isArray(result) ? (result.at(-1) as pg.QueryResult) : result;
    scope.observations.RESPONSE_TIME = roundMs(scope.elapsed());
    scope.observations.ROWS = last.rowCount ?? last.rows.length;
    return { ok: true };
  } catch (error) {
    return failureOf(error, classify(error));
  }
}

/** Runs one query against PostgreSQL: CONNECTED, RESPONSE_TIME (ms, connect + query), ROWS. */
export const probePostgres: ProbeFn<"postgres"> = (probe, context) =>
  withDeadline(context, (scope) => query(probe, scope));
