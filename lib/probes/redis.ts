import "server-only";
import type { ConnectionOptions } from "node:tls";
import Redis from "ioredis";
import { roundMs, withDeadline, type Outcome, type ProbeScope } from "./deadline";
import { errorCodeOf, failureOf } from "./errors";
import { createProbeResolver } from "./resolve";
import { clientTls, sniName } from "./tls-options";
import type { ProbeContext, ProbeErrorCode, ProbeFn } from "./types";

type RedisProbe = Parameters<ProbeFn<"redis">>[0];

// ioredis's connectTimeout stops counting once TCP connects, so a silent server would hang PING forever;
// its own timeouts are backstops just past the hard deadline, and withDeadline disconnects the client.
const BACKSTOP_MS = 100;

// A Redis error reply starts with its error code (RESP protocol "error prefix"), e.g. "WRONGPASS …".
const REPLY_CODES: Record<string, ProbeErrorCode> = { NOAUTH: "AUTH_FAILED", WRONGPASS: "AUTH_FAILED" };

/** The RESP error prefix of a reply error, or undefined for transport errors. */
function replyPrefix(error: unknown): string | undefined {
  if (!(error instanceof Error) || error.name !== "ReplyError") return undefined;
  return /^[A-Z][A-Z_]*/.exec(error.message)?.[0];
}

/** Maps a reply error by its prefix (unknown prefixes are QUERY_FAILED), else by the Node error code. */
function classify(error: unknown): ProbeErrorCode {
  const prefix = replyPrefix(error);
  if (prefix !== undefined) return REPLY_CODES[prefix] ?? "QUERY_FAILED";
  return errorCodeOf(error);
}

/** ioredis's target: the URL with its host resolved by the run's resolver (ioredis would call dns.lookup). */
async function redisTarget(probe: RedisProbe, scope: ProbeScope, context: ProbeContext): Promise<{ url: string; tls?: ConnectionOptions }> {
  const target = new URL(probe.url);
  const host = target.hostname.replace(/^\[|\]$/g, "");
  const { address, family } = await createProbeResolver(scope, context.dnsServers).address(host);
  target.hostname = family === 6 ? `[${address}]` : address;
  // rediss:// checks the certificate against the name the URL gave, not the address.
  const tls = target.protocol === "rediss:" ? { servername: sniName(host), ...clientTls(probe.tls, context.ca) } : undefined;
  return { url: target.toString(), tls };
}

/** Connects lazily, sends PING and records CONNECTED, RESPONSE_TIME and BODY. */
async function ping(probe: RedisProbe, scope: ProbeScope, context: ProbeContext): Promise<Outcome> {
  scope.observations.CONNECTED = false;
  let target: Awaited<ReturnType<typeof redisTarget>>;
  try {
    target = await redisTarget(probe, scope, context);
  } catch (error) {
    return failureOf(error);
  }
  const client = new Redis(target.url, {
    ...(target.tls ? { tls: target.tls } : {}),
    lazyConnect: true,
    connectTimeout: scope.timeoutMs + BACKSTOP_MS,
    commandTimeout: scope.timeoutMs + BACKSTOP_MS,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableReadyCheck: false,
    disableClientInfo: true, // CLIENT SETINFO would be awaited before "ready": one more round trip to hang on
  });
  // The first emitted error is the informative one (e.g. WRONGPASS); the rejection that follows may only
  // say "Connection is closed".
  let firstError: unknown;
  client.on("error", (error: unknown) => (firstError ??= error));
  scope.onCleanup(() => {
    client.disconnect();
    // disconnect() only half-closes (end): against a silent server the socket would stay open for ever.
    client.stream?.destroy();
  });
  try {
    await client.connect();
    scope.observations.CONNECTED = true;
    scope.phases.connect = roundMs(scope.elapsed());
    scope.observations.BODY = await client.ping();
    scope.observations.RESPONSE_TIME = roundMs(scope.elapsed());
    // ioredis pipelines AUTH with PING: a refused AUTH (WRONGPASS) only shows as an "error" event, and PING
    // may still answer as the default user.
    if (replyPrefix(firstError) !== undefined) return failureOf(firstError, classify(firstError));
    return { ok: true };
  } catch (error) {
    const cause = replyPrefix(error) === undefined && firstError !== undefined ? firstError : error;
    return failureOf(cause, classify(cause));
  }
}

/** PINGs Redis: CONNECTED, RESPONSE_TIME (ms, connect + PING), BODY (the reply, normally PONG). */
export const probeRedis: ProbeFn<"redis"> = (probe, context) => withDeadline(context, (scope) => ping(probe, scope, context));
