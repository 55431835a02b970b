import "server-only";
import { randomUUID } from "node:crypto";
import type { ServerResponse } from "node:http";
import { onRequestStart } from "../http/request-start";

// Why this exists: erroring a stream whose reader stopped frees its queue, but Next's response pipe
// (next/dist/server/pipe-readable.js) is then stuck in a write that waits for a `drain` that never comes,
// and a WritableStream aborts only after its write in flight settles; so the socket stayed open forever.
// A route handler has no handle on its socket, so a request-start hook (lib/http/request-start.ts) tags
// each request to the stream route with an id header (overwriting any the client sent) and keeps its
// response; the stream writes its chunks to that response once Next sent the headers, and closes it when it
// cuts a slow reader off.

/** The request header carrying the connection id from Node's HTTP server to the route handler. */
const CONNECTION_HEADER = "x-handback-connection";

const KEY = Symbol.for("handback.sse-sockets");
type GlobalWithSockets = typeof globalThis & { [KEY]?: Map<string, ServerResponse> };

/** Starts tagging requests whose path starts with `prefix` (once per process; later calls do nothing). */
export function watchStreamConnections(prefix = "/api/events"): void {
  const store = globalThis as GlobalWithSockets;
  if (store[KEY]) return;
  const open = new Map<string, ServerResponse>();
  store[KEY] = open;
  onRequestStart("sse-connections", ({ request, response }) => {
    if (!request.url?.startsWith(prefix)) return;
    const id = randomUUID();
    request.headers[CONNECTION_HEADER] = id;
    open.set(id, response);
    response.once("close", () => open.delete(id));
  });
}

/** Closes the connection a request arrived on, when it was tagged; true when it was. */
export function closeConnection(request: Request): boolean {
  const response = responseOf(request);
  if (!response) return false;
  response.destroy();
  return true;
}

/** The Node response of a tagged request (the stream writes to it directly once Next sent the headers). */
export function responseOf(request: Request): ServerResponse | undefined {
  const id = request.headers.get(CONNECTION_HEADER);
  return id ? (globalThis as GlobalWithSockets)[KEY]?.get(id) : undefined;
}
