import "server-only";
import { randomUUID } from "node:crypto";
import type { ServerResponse } from "node:http";
import { onRequestStart } from "./request-start";

// A route handler has no handle on Node's response. Two routes need it:
// - the event stream (/api/events): erroring a stream whose reader stopped frees its queue, but Next's
//   response pipe (next/dist/server/pipe-readable.js) then waits for a `drain` that never comes, so the
//   socket stayed open forever; the stream writes its chunks to the response once Next sent the headers,
//   and closes it when it cuts a slow reader off (lib/events/sse-stream.ts);
// - the snapshot (/api/status): Next drops a route's own `content-encoding` (send-response.js) and gzips
//   ≈750 KB again per reader; its compression skips a response whose Node headers already name an
//   encoding, so the route sets it there and sends the gzip made once per build (docs/architecture.md).
// A request-start hook (lib/http/request-start.ts) tags each request to a watched path with an id header
// (overwriting any the client sent) and keeps its response until it closes.

/** The request header carrying the connection id from Node's HTTP server to the route handler. */
const CONNECTION_HEADER = "x-handback-connection";

const KEY = Symbol.for("handback.node-responses");
type GlobalWithResponses = typeof globalThis & { [KEY]?: Map<string, ServerResponse> };

/** Whether a request URL (path and query) is `path` itself, with or without a query. */
function isPath(url: string | undefined, path: string): boolean {
  if (!url?.startsWith(path)) return false;
  const next = url.charAt(path.length);
  return next === "" || next === "?";
}

/** Starts keeping the Node response of every request to `path` (once per path and process). */
export function watchNodeResponses(path: string): void {
  const store = globalThis as GlobalWithResponses;
  const open = (store[KEY] ??= new Map<string, ServerResponse>());
  onRequestStart(`node-response ${path}`, ({ request, response }) => {
    if (!isPath(request.url, path)) return;
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

/** The Node response of a tagged request; undefined when its path is not watched (or in a handler test). */
export function responseOf(request: Request): ServerResponse | undefined {
  const id = request.headers.get(CONNECTION_HEADER);
  return id ? (globalThis as GlobalWithResponses)[KEY]?.get(id) : undefined;
}
