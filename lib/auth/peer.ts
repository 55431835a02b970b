import "server-only";
import { randomBytes, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { onRequestStart } from "../http/request-start";

// Route handlers never see the socket, and `next start` only fills in X-Forwarded-For from it when the
// client sent none (`req.headers['x-forwarded-for'] ??= socket.remoteAddress`, next/dist/server/base-server.js),
// so a client chooses the address it is counted under. Node announces every request on the diagnostics
// channel "http.server.request.start" before any listener runs (lib/http/request-start.ts): there the socket's address is written into
// a header of our own, overwriting whatever the client sent, with a per-process secret so that a header
// sent before the channel was subscribed (the first moments of start-up) cannot pass for one we wrote.

const HEADER = "x-handback-peer";
const STATE = Symbol.for("handback.peer");
type PeerState = { secret: string };
type GlobalWithPeer = typeof globalThis & { [STATE]?: PeerState };

// One secret per process, shared by every Next bundle that loads this module.
function state(): PeerState {
  const store = globalThis as GlobalWithPeer;
  store[STATE] ??= { secret: randomBytes(16).toString("hex") };
  return store[STATE];
}

/** Writes the peer address into request headers (or removes a forged one when the socket has none). */
export function stampPeer(headers: IncomingHttpHeaders | Record<string, string>, address: string | undefined): void {
  if (address) headers[HEADER] = `${state().secret} ${address}`;
  else delete headers[HEADER];
}

/** Stamps every HTTP request this process serves with its socket's address (once per process). */
export function capturePeerAddresses(): void {
  onRequestStart("peer", ({ request, socket }) => stampPeer(request.headers, socket.remoteAddress));
}

/** The address of the socket a request came in on, or null when this process did not stamp it. */
export function peerAddress(request: Request): string | null {
  const value = request.headers.get(HEADER);
  const space = value?.indexOf(" ") ?? -1;
  if (!value || space < 0) return null;
  const secret = Buffer.from(state().secret);
  const presented = Buffer.from(value.slice(0, space));
  if (presented.length !== secret.length || !timingSafeEqual(presented, secret)) return null;
  return value.slice(space + 1);
}
