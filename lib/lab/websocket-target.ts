import "server-only";
import http from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer } from "ws";
import { closeServer, listenOnLoopback, LOOPBACK, trackSockets } from "./loopback";

/**
 * `accept`: upgrade, send the greeting, echo every message; `silent`: upgrade, then never send anything;
 * `deny`: refuse the upgrade with an HTTP error (503 by default) and a JSON body; `hang`: never answer.
 */
export type WebSocketMode = "accept" | "silent" | "deny" | "hang";

/** Tuning for a mode. */
export interface WebSocketModeOptions {
  /** `deny`: the HTTP status of the refused upgrade (default 503). */
  status?: number;
}

/** A running WebSocket target. */
export interface WebSocketTarget {
  port: number;
  url: string;
  setMode(mode: WebSocketMode, options?: WebSocketModeOptions): void;
  close(): Promise<void>;
}

/** Options for startWebSocketTarget; `greeting` is sent as JSON on every accepted connection. */
export interface WebSocketTargetOptions {
  port?: number;
  path?: string;
  greeting?: unknown;
}

const DEFAULT_GREETING = { type: "connected" };

/** Starts a WebSocket server on 127.0.0.1 at `path` (default "/") that fails on command. */
export async function startWebSocketTarget(options: WebSocketTargetOptions = {}): Promise<WebSocketTarget> {
  const path = options.path ?? "/";
  const greeting = JSON.stringify(options.greeting ?? DEFAULT_GREETING);
  let mode: WebSocketMode = "accept";
  let modeOptions: WebSocketModeOptions = {};
  const wss = new WebSocketServer({ noServer: true });
  const server = http.createServer({ requestTimeout: 0 }, (_request, response) => {
    response.writeHead(426, { "content-type": "application/json", upgrade: "websocket" });
    response.end(JSON.stringify({ error: "upgrade required" }));
  });
  server.on("upgrade", (request: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on("error", () => {});
    const requestPath = new URL(request.url ?? "/", "http://lab").pathname;
    if (requestPath !== path) return refuseUpgrade(socket, 404, { error: "no websocket here", path: requestPath });
    if (mode === "hang") return;
    if (mode === "deny") return refuseUpgrade(socket, modeOptions.status ?? 503, { status: "unavailable" });
    const silent = mode === "silent";
    wss.handleUpgrade(request, socket, head, (client) => {
      if (silent) return;
      client.send(greeting);
      client.on("message", (data, isBinary) => client.send(data, { binary: isBinary }));
    });
  });
  const sockets = trackSockets(server);
  const port = await listenOnLoopback(server, options.port);
  return {
    port,
    url: `ws://${LOOPBACK}:${port}${path}`,
    setMode(next, nextOptions = {}) {
      mode = next;
      modeOptions = nextOptions;
    },
    async close() {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await closeServer(server, sockets);
    },
  };
}

/** Answers an upgrade request with a plain HTTP error and closes the socket. */
function refuseUpgrade(socket: Duplex, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  const reason = http.STATUS_CODES[status] ?? "Error";
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`,
  );
}
