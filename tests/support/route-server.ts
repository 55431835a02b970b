import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { NextRequest } from "next/server";
import { pipeToNodeResponse } from "next/dist/server/pipe-readable";

// One route handler served on a loopback port the way `next start` serves it: the IncomingMessage itself is
// the request body (next/dist/server/web/spec-extension/adapters/next-request.js), the request's signal
// aborts when the client goes away, and the response body is written with Next's own pipeToNodeResponse,
// which waits for the socket to drain (so a client that stops reading pushes back into the handler's stream).

type RouteHandler = (request: NextRequest) => Response | Promise<Response>;

/** A running loopback server and the server side of every connection it accepted. */
export interface RouteServer {
  port: number;
  sockets: Set<Socket>;
  close(): Promise<void>;
}

function toRequest(req: IncomingMessage, res: ServerResponse): NextRequest {
  const abort = new AbortController();
  res.once("close", () => abort.abort());
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === "string") headers.set(name, value);
    else if (Array.isArray(value)) for (const item of value) headers.append(name, item);
  }
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  const init = { method: req.method, headers, signal: abort.signal, ...(hasBody ? { body: req as unknown as BodyInit, duplex: "half" } : {}) };
  return new NextRequest(`http://${req.headers.host ?? "127.0.0.1"}${req.url ?? "/"}`, init as ConstructorParameters<typeof NextRequest>[1]);
}

/** Serves `handler` for every path on 127.0.0.1 at port 0. */
export async function serveRoute(handler: RouteHandler): Promise<RouteServer> {
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    void (async () => {
      const response = await handler(toRequest(req, res));
      res.writeHead(response.status, Object.fromEntries(response.headers));
      if (response.body) await pipeToNodeResponse(response.body, res);
      else res.end();
    })().catch(() => res.destroy());
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    sockets,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
