import "server-only";
import tls from "node:tls";
import { roundMs, withDeadline, type Outcome, type ProbeScope } from "./deadline";
import { errorCodeOf, failureOf } from "./errors";
import { createProbeResolver } from "./resolve";
import { clientTls, sniName } from "./tls-options";
import type { ProbeContext, ProbeErrorCode, ProbeFn } from "./types";
import { timeSocketPhases } from "./tcp";

// Connects with rejectUnauthorized: false so the certificate can be read even when invalid, then judges
// the chain (socket.authorizationError) and the hostname (tls.checkServerIdentity) itself.


/** The verification failure's code: Node reports it as a string code, older versions as an Error. */
function chainErrorCode(socket: tls.TLSSocket): string | undefined {
  const reason: unknown = socket.authorizationError;
  if (typeof reason === "string") return reason;
  return reason instanceof Error ? ((reason as NodeJS.ErrnoException).code ?? reason.message) : undefined;
}

/** Classifies the peer certificate: chain first (expired, untrusted…), then the hostname. */
function judgeCertificate(socket: tls.TLSSocket, hostname: string): Outcome {
  const chain = socket.authorized ? undefined : chainErrorCode(socket);
  if (chain !== undefined) {
    const mapped = errorCodeOf({ code: chain });
    const code: ProbeErrorCode = mapped === "NETWORK_ERROR" ? "TLS_UNTRUSTED" : mapped;
    return { ok: false, error: { code, message: `certificate rejected: ${chain}` } };
  }
  const identity = tls.checkServerIdentity(hostname, socket.getPeerCertificate());
  if (identity) return { ok: false, error: { code: "TLS_HOSTNAME", message: identity.message } };
  return { ok: true };
}

/** Records the certificate's placeholders once the handshake is done. */
function observeCertificate(socket: tls.TLSSocket, scope: ProbeScope, outcome: Outcome): void {
  const certificate = socket.getPeerCertificate();
  const notAfter = certificate.valid_to ? Date.parse(certificate.valid_to) : Number.NaN;
  scope.observations.CONNECTED = true;
  scope.observations.CERTIFICATE_EXPIRATION = Number.isNaN(notAfter) ? null : notAfter - Date.now();
  scope.observations.CERTIFICATE_VALID = outcome.ok;
}

/** Performs the handshake and judges the certificate. */
function handshake(probe: Parameters<ProbeFn<"tls">>[0], scope: ProbeScope, context: ProbeContext): Promise<Outcome> {
  const hostname = probe.servername ?? probe.host;
  scope.observations.CONNECTED = false;
  const socket = tls.connect({
    host: probe.host,
    port: probe.port,
    servername: sniName(hostname),
    ...clientTls(probe.tls, context.ca),
    rejectUnauthorized: false, // judged below, so an invalid certificate is still read
    lookup: createProbeResolver(scope, context.dnsServers).lookup,
  });
  scope.onCleanup(() => socket.destroy());
  timeSocketPhases(socket, scope);
  let connectedAt = scope.elapsed();
  socket.once("connect", () => (connectedAt = scope.elapsed()));
  return new Promise<Outcome>((resolve) => {
    socket.once("secureConnect", () => {
      scope.phases.tls = roundMs(scope.elapsed() - connectedAt);
      const outcome = judgeCertificate(socket, hostname);
      observeCertificate(socket, scope, outcome);
      // insecureSkipVerify: an invalid certificate is no failure; CERTIFICATE_VALID still says what it is.
      resolve(probe.tls?.insecureSkipVerify ? { ok: true } : outcome);
    });
    socket.once("error", (error) => resolve(failureOf(error)));
  });
}

/** Checks a TLS endpoint: CONNECTED, CERTIFICATE_EXPIRATION (ms until notAfter), CERTIFICATE_VALID. */
export const probeTls: ProbeFn<"tls"> = (probe, context) =>
  withDeadline(context, (scope) => handshake(probe, scope, context));
