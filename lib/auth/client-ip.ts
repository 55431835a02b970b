import "server-only";
import { BlockList, isIP } from "node:net";
import { peerAddress } from "./peer";

// Which address a request is counted under (the failure limiter's key). The socket's peer is the truth;
// X-Forwarded-For is believed only when that peer is a proxy listed in HANDBACK_TRUSTED_PROXIES, and
// then read from the right: the first hop that is not itself a trusted proxy is the client.

/** Addresses and CIDR ranges of trusted reverse proxies. */
export interface TrustedProxies {
  has(address: string): boolean;
}

/** "::ffff:10.0.0.1" (an IPv4 client on a dual-stack socket) → "10.0.0.1"; other text unchanged. */
function normalise(address: string): string {
  const trimmed = address.trim();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(trimmed);
  return mapped ? mapped[1]! : trimmed;
}

/** A set of trusted proxies from entries like "10.0.0.0/8", "127.0.0.1", "::1" (already validated by lib/env.ts). */
export function trustedProxies(entries: readonly string[]): TrustedProxies {
  const list = new BlockList();
  for (const entry of entries) {
    const [address = "", prefix] = entry.split("/");
    const type = isIP(address) === 6 ? "ipv6" : "ipv4";
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(prefix), type);
  }
  return {
    has(address) {
      const plain = normalise(address);
      const version = isIP(plain);
      return version !== 0 && list.check(plain, version === 6 ? "ipv6" : "ipv4");
    },
  };
}

/** No proxy is trusted: X-Forwarded-For is ignored. */
export const NO_TRUSTED_PROXIES: TrustedProxies = { has: () => false };

/**
 * The client's address: the socket peer, or, when the peer is a trusted proxy, the nearest untrusted hop of
 * X-Forwarded-For. "unknown" (one shared bucket) when the peer was not recorded (see ./peer.ts).
 */
export function clientIp(request: Request, trusted: TrustedProxies): string {
  const peer = peerAddress(request);
  if (!peer) return "unknown";
  if (!trusted.has(peer)) return normalise(peer);
  const hops = (request.headers.get("x-forwarded-for") ?? "").split(",").map(normalise).filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i -= 1) {
    if (!trusted.has(hops[i]!)) return hops[i]!.slice(0, 64);
  }
  const outermost = hops[0] ?? request.headers.get("x-real-ip")?.trim();
  return outermost ? outermost.slice(0, 64) : normalise(peer);
}
