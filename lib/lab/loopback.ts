import "server-only";
import type { Server } from "node:net";
import type { Duplex } from "node:stream";

/** The only address the lab binds: lab servers must never be reachable from another machine. */
export const LOOPBACK = "127.0.0.1";

/** Starts `server` listening on 127.0.0.1 (port 0 picks a free port) and resolves with the actual port. */
export function listenOnLoopback(server: Server, port = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once("error", onError);
    server.listen(port, LOOPBACK, () => {
      server.off("error", onError);
      const address = server.address();
      if (address === null || typeof address === "string") reject(new Error("lab server has no TCP address"));
      else resolve(address.port);
    });
  });
}

/** Remembers every socket the server accepts until it closes, so close() can destroy hung connections. */
export function trackSockets(server: Server): Set<Duplex> {
  const sockets = new Set<Duplex>();
  server.on("connection", (socket: Duplex) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  return sockets;
}

/** Destroys every tracked socket (a hung client must not keep the process alive), then closes the server. */
export function closeServer(server: Server, sockets: Iterable<Duplex> = []): Promise<void> {
  for (const socket of sockets) socket.destroy();
  if (!server.listening) return Promise.resolve();
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
  });
}

/** Runs `action` after `ms` unless cancelled first; lab servers cancel every pending timer on close. */
export function createTimers(): { schedule(ms: number, action: () => void): void; clearAll(): void } {
  const pending = new Set<NodeJS.Timeout>();
  return {
    schedule(ms, action) {
      const timer = setTimeout(() => {
        pending.delete(timer);
        action();
      }, ms);
      pending.add(timer);
    },
    clearAll() {
      for (const timer of pending) clearTimeout(timer);
      pending.clear();
    },
  };
}
