import net from "node:net";
import tls from "node:tls";

// A TLS front for a plain loopback service (Redis, a WebSocket target), as a load balancer or stunnel
// would put it: rediss:// and wss:// probes then meet a private CA or a client-certificate requirement.

/** A running terminator. */
export interface TlsTerminator {
  port: number;
  close(): Promise<void>;
}

/** Serves `cert`/`key` on 127.0.0.1 and pipes to `upstreamPort`; with `ca`, a client certificate from it is required. */
export async function startTlsTerminator(upstreamPort: number, options: { cert: string; key: string; ca?: string }): Promise<TlsTerminator> {
  const sockets = new Set<net.Socket>();
  const mutual = options.ca ? { requestCert: true, rejectUnauthorized: true, ca: options.ca } : {};
  const server = tls.createServer({ cert: options.cert, key: options.key, ...mutual }, (secure) => {
    const upstream = net.connect(upstreamPort, "127.0.0.1");
    for (const socket of [secure, upstream]) {
      sockets.add(socket);
      socket.once("close", () => sockets.delete(socket));
      socket.on("error", () => (secure.destroy(), upstream.destroy()));
    }
    secure.pipe(upstream).pipe(secure);
  });
  server.on("tlsClientError", () => {});
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
