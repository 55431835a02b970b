import "server-only";
import net from "node:net";
import tls from "node:tls";
import { issueTestCertificate, loadTestCaPem, type CertificateKind } from "./certificates";
import { closeServer, listenOnLoopback, trackSockets } from "./loopback";

/** `ok`: complete the handshake, send TLS_GREETING and close; `hang`: accept TCP, never speak TLS; `reset`: RST. */
export type TlsMode = "ok" | "hang" | "reset";

/** The line a `ok` TLS target writes after the handshake, before it closes. */
export const TLS_GREETING = "handback lab tls ok\n";

/** A running TLS target. */
export interface TlsTarget {
  port: number;
  hostname: string;
  /** The lab CA that every certificate except `self-signed` chains to. */
  caPem: string;
  setCertificate(kind: CertificateKind): Promise<void>;
  setMode(mode: TlsMode): void;
  close(): Promise<void>;
}

/** Options for startTlsTarget. */
export interface TlsTargetOptions {
  port?: number;
  hostname: string;
  certificate?: CertificateKind;
}

/** Starts a TLS server on 127.0.0.1 serving a lab certificate of the chosen kind for `hostname`. */
export async function startTlsTarget(options: TlsTargetOptions): Promise<TlsTarget> {
  const { hostname } = options;
  let mode: TlsMode = "ok";
  let context = await createContext(options.certificate ?? "valid", hostname);
  const tlsSockets = new Set<tls.TLSSocket>();
  // A plain TCP server that wraps each socket itself, so `hang` can hold the raw connection without TLS.
  const server = net.createServer((socket) => {
    socket.on("error", () => {}); // clients rejecting our certificate reset the connection
    if (mode === "hang") return;
    if (mode === "reset") {
      socket.resetAndDestroy();
      return;
    }
    const secure = new tls.TLSSocket(socket, { isServer: true, secureContext: context });
    tlsSockets.add(secure);
    secure.once("close", () => tlsSockets.delete(secure));
    secure.on("error", () => {});
    secure.once("secure", () => secure.end(TLS_GREETING));
  });
  const sockets = trackSockets(server);
  const port = await listenOnLoopback(server, options.port);
  return {
    port,
    hostname,
    caPem: await loadTestCaPem(),
    async setCertificate(kind) {
      context = await createContext(kind, hostname);
    },
    setMode: (next) => void (mode = next),
    close() {
      for (const socket of tlsSockets) socket.destroy();
      return closeServer(server, sockets);
    },
  };
}

/** Builds the secure context for new connections from a cached lab certificate. */
async function createContext(kind: CertificateKind, hostname: string): Promise<tls.SecureContext> {
  const certificate = await issueTestCertificate(kind, hostname);
  return tls.createSecureContext({ cert: certificate.certPem, key: certificate.keyPem });
}
