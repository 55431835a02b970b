import "server-only";
import net from "node:net";
import tls from "node:tls";
import type { ProbeConfig } from "../config";

// What a probe trusts and presents over TLS: Node's roots plus the process's CAs (HANDBACK_CA_FILE, the
// fault lab's) and the probe's own `tls.ca`, and its client certificate for mutual TLS.

/** A probe's `tls` block once the config has loaded (PEM text, never file paths). */
export type ProbeTlsConfig = NonNullable<Extract<ProbeConfig, { tls?: unknown }>["tls"]>;

/** The tls.connect options a probe sets. */
export type ClientTls = Pick<tls.ConnectionOptions, "ca" | "cert" | "key" | "rejectUnauthorized">;

/** Node's root CAs plus extra trusted PEMs; undefined keeps Node's default roots. */
function trustedCa(extra?: readonly string[]): string[] | undefined {
  return extra && extra.length > 0 ? [...tls.rootCertificates, ...extra] : undefined;
}

/** SNI must be a hostname; Node rejects IP addresses there. */
export function sniName(name: string): string | undefined {
  return net.isIP(name) === 0 ? name : undefined;
}

/** The TLS client options for a probe's `tls` block and the process's extra CAs. */
export function clientTls(probeTls: ProbeTlsConfig | undefined, processCa?: readonly string[]): ClientTls {
  const ca = trustedCa([...(processCa ?? []), ...(probeTls?.ca ? [probeTls.ca] : [])]);
  return {
    ...(ca ? { ca } : {}),
    ...(probeTls?.cert && probeTls.key ? { cert: probeTls.cert, key: probeTls.key } : {}),
    rejectUnauthorized: !probeTls?.insecureSkipVerify,
  };
}
