import "server-only";
import pg from "pg";
import { parseIntoClientConfig } from "pg-connection-string";
import { roundMs, withDeadline, type EndReason, type Outcome, type ProbeScope } from "./deadline";
import { errorCodeOf, failureOf, rawCodeOf } from "./errors";
import { createProbeResolver } from "./resolve";
import { clientTls, sniName } from "./tls-options";
import type { ProbeContext, ProbeErrorCode, ProbeFn } from "./types";

type PostgresProbe = Parameters<ProbeFn<"postgres">>[0];

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

/**
 * SSL as the URL's sslmode says, or on with the probe's `tls` block: the process's and the probe's CAs,
 * its client certificate; verification off only with insecureSkipVerify or sslmode=no-verify.
 */
function sslConfig(probe: PostgresProbe, fromUrl: pg.ClientConfig["ssl"], context: ProbeContext, host: string): pg.ClientConfig["ssl"] {
  if (!fromUrl && !probe.tls) return fromUrl;
  const base = typeof fromUrl === "object" ? fromUrl : {};
  const client = clientTls(probe.tls, context.ca);
  const verify = client.rejectUnauthorized !== false && base.rejectUnauthorized !== false;
  // The URL's sslrootcert stays trusted next to the process's and the probe's CAs.
  const ca = client.ca && base.ca ? [client.ca, base.ca].flat() : (client.ca ?? base.ca);
  return { ...base, ...client, ...(ca ? { ca } : {}), rejectUnauthorized: verify, servername: sniName(host) };
}

/**
 * The URL's settings with its host resolved by the run's resolver (pg itself would call dns.lookup). TLS
 * keeps checking the certificate against the name, not the address.
 */
async function clientConfig(probe: PostgresProbe, scope: ProbeScope, context: ProbeContext): Promise<pg.ClientConfig> {
  const config = parseIntoClientConfig(probe.url);
  const host = config.host;
  if (!host || host.startsWith("/")) return config; // a Unix socket directory: nothing to resolve
  const { address } = await createProbeResolver(scope, context.dnsServers).address(host);
  return { ...config, host: address, ssl: sslConfig(probe, config.ssl, context, host) };
}

/** Connects, runs the query and records CONNECTED, RESPONSE_TIME and ROWS. */
async function query(probe: PostgresProbe, scope: ProbeScope, context: ProbeContext): Promise<Outcome> {
  const limit = scope.timeoutMs + BACKSTOP_MS;
  scope.observations.CONNECTED = false;
  let config: pg.ClientConfig;
  try {
    config = await clientConfig(probe, scope, context);
  } catch (error) {
    return failureOf(error);
  }
  const client = new pg.Client({
    ...config,
    connectionTimeoutMillis: limit,
    query_timeout: limit,
    application_name: "handback-probe",
  });
  client.on("error", () => {}); // errors after connect are reported by the awaited calls
  scope.onCleanup((reason) => closeClient(client, reason));
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
  withDeadline(context, (scope) => query(probe, scope, context));
