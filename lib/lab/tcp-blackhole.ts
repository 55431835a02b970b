import "server-only";
import net from "node:net";
import { closeServer, listenOnLoopback, trackSockets } from "./loopback";

/**
 * `silent`: accept and never write (a hung TLS handshake, a silent PostgreSQL or Redis);
 * `close`: accept, then close at once (FIN); `reset`: accept, then reset (RST).
 */
export type BlackholeMode = "silent" | "close" | "reset";

/** A running TCP blackhole. */
export interface TcpBlackhole {
  port: number;
  setMode(mode: BlackholeMode): void;
  connectionCount(): number;
  close(): Promise<void>;
}

/** Starts a TCP server on 127.0.0.1 that accepts connections and never answers (by default). */
export async function startTcpBlackhole(options: { port?: number } = {}): Promise<TcpBlackhole> {
  let mode: BlackholeMode = "silent";
  let accepted = 0;
  const server = net.createServer((socket) => {
    accepted += 1;
    socket.on("error", () => {}); // a client giving up is expected here
    if (mode === "close") socket.end();
    else if (mode === "reset") socket.resetAndDestroy();
  });
  const sockets = trackSockets(server);
  const port = await listenOnLoopback(server, options.port);
  return {
    port,
    setMode: (next) => void (mode = next),
    connectionCount: () => accepted,
    close: () => closeServer(server, sockets),
  };
}

/** Finds a port on 127.0.0.1 where nothing listens (bind port 0, read it, close), for ECONNREFUSED tests. */
export async function findRefusedPort(): Promise<number> {
  const server = net.createServer();
  const port = await listenOnLoopback(server, 0);
  await closeServer(server);
  return port;
}
