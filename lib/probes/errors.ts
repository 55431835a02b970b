import "server-only";
import type { Outcome } from "./deadline";
import type { ProbeErrorCode } from "./types";

// One mapper from a Node/library error to a stable probe error code, by the error's `code` property only
// (docs/architecture.md "Conventions": never by searching message text).

const CODES: Record<string, ProbeErrorCode> = {
  ECONNREFUSED: "ECONNREFUSED",
  ECONNRESET: "ECONNRESET",
  EPIPE: "ECONNRESET",
  ECONNABORTED: "ECONNRESET",
  ERR_STREAM_PREMATURE_CLOSE: "ECONNRESET",
  EHOSTUNREACH: "EHOSTUNREACH",
  ENETUNREACH: "EHOSTUNREACH",
  EHOSTDOWN: "EHOSTUNREACH",
  EADDRNOTAVAIL: "EHOSTUNREACH",
  ETIMEDOUT: "TIMEOUT",
  ETIMEOUT: "TIMEOUT",
  ENOTFOUND: "NXDOMAIN",
  EAI_AGAIN: "DNS_ERROR",
  EAI_FAIL: "DNS_ERROR",
  ESERVFAIL: "SERVFAIL",
  CERT_HAS_EXPIRED: "TLS_EXPIRED",
  CERT_NOT_YET_VALID: "TLS_NOT_YET_VALID",
  ERR_TLS_CERT_ALTNAME_INVALID: "TLS_HOSTNAME",
  DEPTH_ZERO_SELF_SIGNED_CERT: "TLS_UNTRUSTED",
  SELF_SIGNED_CERT_IN_CHAIN: "TLS_UNTRUSTED",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "TLS_UNTRUSTED",
  UNABLE_TO_GET_ISSUER_CERT: "TLS_UNTRUSTED",
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: "TLS_UNTRUSTED",
  CERT_UNTRUSTED: "TLS_UNTRUSTED",
  CERT_REVOKED: "TLS_UNTRUSTED",
  CERT_SIGNATURE_FAILURE: "TLS_UNTRUSTED",
  ERR_SSL_WRONG_VERSION_NUMBER: "TLS_ERROR",
  ERR_TLS_HANDSHAKE_TIMEOUT: "TIMEOUT",
  ERR_INVALID_URL: "HTTP_PROTOCOL",
  ERR_INVALID_PROTOCOL: "HTTP_PROTOCOL",
  ERR_INVALID_CHAR: "HTTP_PROTOCOL",
  ERR_INVALID_HTTP_TOKEN: "HTTP_PROTOCOL",
  ERR_UNESCAPED_CHARACTERS: "HTTP_PROTOCOL",
  ERR_INVALID_IP_ADDRESS: "DNS_ERROR",
  ENOENT: "SPAWN_FAILED",
  EACCES: "SPAWN_FAILED",
  ENOEXEC: "SPAWN_FAILED",
};

// Code families recognised by prefix of the code (never of the message).
const PREFIXES: Array<[string, ProbeErrorCode]> = [
  ["HPE_", "HTTP_PROTOCOL"],
  ["ERR_SSL_", "TLS_ERROR"],
  ["ERR_TLS_", "TLS_ERROR"],
  ["ERR_OSSL_", "TLS_ERROR"],
];

/** A failure a probe detects itself (e.g. too many redirects), carrying its probe error code. */
export class ProbeFailure extends Error {
  constructor(
    readonly probeCode: ProbeErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "ProbeFailure";
  }
}

/** The `code` property of an error; for AggregateError (Node's happy eyeballs) the first inner code. */
export function rawCodeOf(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" && code !== "") return code;
  if (error instanceof AggregateError) return error.errors.map(rawCodeOf).find((inner) => inner !== undefined);
  return undefined;
}

/** Maps an error to a probe error code; anything unrecognised is NETWORK_ERROR. */
export function errorCodeOf(error: unknown): ProbeErrorCode {
  if (error instanceof ProbeFailure) return error.probeCode;
  const code = rawCodeOf(error);
  if (code === undefined) return "NETWORK_ERROR";
  const direct = CODES[code];
  if (direct) return direct;
  return PREFIXES.find(([prefix]) => code.startsWith(prefix))?.[1] ?? "NETWORK_ERROR";
}

/** A probe failure's message (the code when the error has none); runProbe scrubs it, then cuts it (lib/probes/trim.ts). */
function failureMessage(error: unknown): string {
  const code = rawCodeOf(error);
  const message = error instanceof Error ? error.message.trim() : "";
  if (message !== "") return message;
  return code ? `failed with ${code}` : "failed";
}

/** A failed outcome built from an error. */
export function failureOf(error: unknown, code: ProbeErrorCode = errorCodeOf(error)): Outcome {
  return { ok: false, error: { code, message: failureMessage(error) } };
}
