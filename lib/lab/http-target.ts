import "server-only";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { closeServer, createTimers, listenOnLoopback, LOOPBACK, trackSockets } from "./loopback";

/** How the HTTP target answers: healthy JSON, an error status, never, late, one byte at a time, or a reset. */
export type HttpMode = "ok" | "error" | "hang" | "slow" | "drip" | "reset";

/** Tuning for a mode; `path` limits the mode to one path (without it, the mode applies to every path and clears per-path modes). */
export interface HttpModeOptions {
  path?: string;
  /** `error`: the status code (default 503). */
  status?: number;
  /** `slow`: how long to wait before answering (default 1000 ms). */
  delayMs?: number;
  /** `drip`: the pause between body bytes (default 1000 ms). */
  intervalMs?: number;
  /** `drip`: the body is left-padded with spaces to this many bytes (default 3600: an hour at 1 byte/s). */
  bytes?: number;
}

/** What a route function sees of the request. */
export interface HttpRouteRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A route: a JSON body, or a function of the request that returns one (its parameter is typed in place). */
export type HttpRoute = string | number | boolean | null | object | ((request: HttpRouteRequest) => unknown);

/** A running HTTP target. */
export interface HttpTarget {
  port: number;
  url(path?: string): string;
  setMode(mode: HttpMode, options?: HttpModeOptions): void;
  requestCount(path?: string): number;
  resetRequestCounts(): void;
  close(): Promise<void>;
}

/** Options for startHttpTarget; without `routes`, every path answers `{"status":"healthy"}`. */
export interface HttpTargetOptions {
  port?: number;
  routes?: Record<string, HttpRoute>;
}

interface ModeState {
  mode: HttpMode;
  options: HttpModeOptions;
}

const HEALTHY = { status: "healthy" };
const UNHEALTHY = { status: "unhealthy" };

/** Starts an HTTP server on 127.0.0.1 that serves JSON routes and fails on command (see HttpMode). */
export async function startHttpTarget(options: HttpTargetOptions = {}): Promise<HttpTarget> {
  let fallback: ModeState = { mode: "ok", options: {} };
  const overrides = new Map<string, ModeState>();
  const counts = new Map<string, number>();
  const timers = createTimers();
  // requestTimeout 0: Node would otherwise answer a hung or dripping request with 408 after 5 minutes.
  const server = http.createServer({ requestTimeout: 0 }, (request, response) => {
    const path = new URL(request.url ?? "/", "http://lab").pathname;
    counts.set(path, (counts.get(path) ?? 0) + 1);
    const state = overrides.get(path) ?? fallback;
    void readBody(request).then((body) => {
      const routeRequest = describeRequest(request, body);
      answerRequest(routeRequest, response, state, options.routes, timers);
    });
  });
  const sockets = trackSockets(server);
  const port = await listenOnLoopback(server, options.port);
  return {
    port,
    url: (path = "/") => `http://${LOOPBACK}:${port}${path}`,
    setMode(mode, modeOptions = {}) {
      const state = { mode, options: modeOptions };
      if (modeOptions.path === undefined) {
        fallback = state;
        overrides.clear();
      } else overrides.set(modeOptions.path, state);
    },
    requestCount: (path) =>
      path === undefined ? [...counts.values()].reduce((sum, n) => sum + n, 0) : (counts.get(path) ?? 0),
    resetRequestCounts: () => counts.clear(),
    close() {
      timers.clearAll();
      return closeServer(server, sockets);
    },
  };
}

/** Collects the request body as text (lab requests are small). */
function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", () => resolve(""));
  });
}

/** Builds the view of a request that route functions receive. */
function describeRequest(request: IncomingMessage, body: string): HttpRouteRequest {
  const url = new URL(request.url ?? "/", "http://lab");
  return { method: request.method ?? "GET", path: url.pathname, query: url.searchParams, headers: request.headers, body };
}

/** Applies the mode to one request. */
function answerRequest(
  request: HttpRouteRequest,
  response: ServerResponse,
  state: ModeState,
  routes: Record<string, HttpRoute> | undefined,
  timers: ReturnType<typeof createTimers>,
): void {
  const { mode, options } = state;
  if (mode === "hang") return;
  if (mode === "reset") {
    (response.socket as Socket | null)?.resetAndDestroy();
    return;
  }
  if (mode === "error") {
    sendJson(response, options.status ?? 503, UNHEALTHY);
    return;
  }
  const [status, body] = resolveRoute(request, routes);
  if (mode === "slow") timers.schedule(options.delayMs ?? 1000, () => sendJson(response, status, body));
  else if (mode === "drip") dripJson(response, status, body, options, timers);
  else sendJson(response, status, body);
}

/** Finds the route's JSON body: 404 for unknown paths when routes were given. */
function resolveRoute(request: HttpRouteRequest, routes: Record<string, HttpRoute> | undefined): [number, unknown] {
  if (routes === undefined) return [200, HEALTHY];
  if (!Object.hasOwn(routes, request.path)) return [404, { error: "not found", path: request.path }];
  const route = routes[request.path];
  return [200, typeof route === "function" ? (route as (r: HttpRouteRequest) => unknown)(request) : route];
}

/** Sends a complete JSON response, unless the client already went away. */
function sendJson(response: ServerResponse, status: number, body: unknown): void {
  if (response.destroyed) return;
  const text = JSON.stringify(body);
  response.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  response.end(text);
}

/** Sends the status line and headers at once, then the (space-padded) body one byte per interval. */
function dripJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  options: HttpModeOptions,
  timers: ReturnType<typeof createTimers>,
): void {
  const text = Buffer.from(JSON.stringify(body).padStart(options.bytes ?? 3600, " "));
  response.writeHead(status, { "content-type": "application/json", "content-length": text.length });
  response.flushHeaders();
  const intervalMs = options.intervalMs ?? 1000;
  const sendByte = (index: number) => {
    if (response.destroyed) return;
    if (index >= text.length) {
      response.end();
      return;
    }
    response.write(text.subarray(index, index + 1));
    timers.schedule(intervalMs, () => sendByte(index + 1));
  };
  timers.schedule(intervalMs, () => sendByte(0));
}
