import http from "node:http";
import type { AddressInfo } from "node:net";
import { NextRequest } from "next/server";

// A route handler behind a real loopback HTTP server, fed the way `next start` feeds it: the
// IncomingMessage itself is the request body (next/dist/server/web/spec-extension/adapters/next-request.js).

/** A route served on 127.0.0.1:port until close(). */
export interface RouteServer {
  port: number;
  close(): Promise<void>;
}

type RouteHandler = (request: NextRequest) => Response | Promise<Response>;

function headersOf(request: http.IncomingMessage): [string, string][] {
  return Object.entries(request.headers).flatMap(([name, value]) => (value === undefined ? [] : [[name, Array.isArray(value) ? value.join(", ") : value]]));
}

/** Serves one handler for every path on a loopback port. */
export async function serveRoute(handler: RouteHandler): Promise<RouteServer> {
  const server = http.createServer(async (incoming, outgoing) => {
    const init = { method: incoming.method, headers: headersOf(incoming), body: incoming as unknown as BodyInit, duplex: "half" } as RequestInit;
    const response = await handler(new NextRequest(`http://127.0.0.1${incoming.url}`, init as ConstructorParameters<typeof NextRequest>[1]));
    outgoing.writeHead(response.status, Object.fromEntries(response.headers));
    outgoing.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
