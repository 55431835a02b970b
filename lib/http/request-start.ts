import "server-only";
import diagnostics from "node:diagnostics_channel";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";

// Route handlers never see Node's request, response or socket. Node announces every request on the
// diagnostics channel "http.server.request.start" before any listener runs; this module holds the one
// subscription of the process and hands each request to the hooks registered by name (the peer address
// stamp, the SSE connection tag). Kept on globalThis: every Next bundle that loads it shares one set.

/** What Node publishes for each request it starts serving. */
export interface RequestStart {
  request: IncomingMessage;
  response: ServerResponse;
  socket: Socket;
}

type Hook = (start: RequestStart) => void;

const KEY = Symbol.for("handback.request-start");
type GlobalWithHooks = typeof globalThis & { [KEY]?: Map<string, Hook> };

/** Runs `hook` for every request this process serves from now on; a second call with the same name is ignored. */
export function onRequestStart(name: string, hook: Hook): void {
  const store = globalThis as GlobalWithHooks;
  if (!store[KEY]) {
    const hooks = new Map<string, Hook>();
    store[KEY] = hooks;
    diagnostics.subscribe("http.server.request.start", (message) => {
      for (const run of hooks.values()) run(message as RequestStart);
    });
  }
  if (!store[KEY].has(name)) store[KEY].set(name, hook);
}
