import { describe, expect, it } from "vitest";
import { clientIp, NO_TRUSTED_PROXIES, trustedProxies } from "@/lib/auth/client-ip";
import { peerAddress, stampPeer } from "@/lib/auth/peer";
import { readEnv } from "@/lib/env";

const env = (vars: Record<string, string>) => readEnv(vars as NodeJS.ProcessEnv);

// Bug 9: the failure limiter's key. The socket's peer (stamped by lib/auth/peer.ts) is the truth;
// X-Forwarded-For counts only when that peer is a trusted proxy.

/** A request as the server sees it after the diagnostics-channel stamp: from `peer`, with client headers. */
function from(peer: string | undefined, headers: Record<string, string> = {}): Request {
  const stamped: Record<string, string> = { ...headers };
  stampPeer(stamped, peer);
  return new Request("http://handback.test/api/session", { headers: stamped });
}

const PROXIES = trustedProxies(["10.0.0.0/8", "192.0.2.10", "::1"]);

describe("clientIp", () => {
  it.each([
    ["no proxy trusted: a forged X-Forwarded-For is ignored", NO_TRUSTED_PROXIES, from("203.0.113.7", { "x-forwarded-for": "198.51.100.1" }), "203.0.113.7"],
    ["no proxy trusted: X-Real-IP is ignored", NO_TRUSTED_PROXIES, from("203.0.113.7", { "x-real-ip": "198.51.100.1" }), "203.0.113.7"],
    ["an untrusted peer's X-Forwarded-For is ignored", PROXIES, from("203.0.113.7", { "x-forwarded-for": "198.51.100.1" }), "203.0.113.7"],
    ["a trusted proxy: the hop it appended", PROXIES, from("10.0.0.2", { "x-forwarded-for": "198.51.100.1" }), "198.51.100.1"],
    ["a trusted proxy: a client's forged prefix is skipped", PROXIES, from("10.0.0.2", { "x-forwarded-for": "1.1.1.1, 198.51.100.1" }), "198.51.100.1"],
    ["two trusted proxies in a row", PROXIES, from("10.0.0.2", { "x-forwarded-for": "198.51.100.1, 192.0.2.10" }), "198.51.100.1"],
    ["a trusted proxy that sent no header", PROXIES, from("10.0.0.2"), "10.0.0.2"],
    ["a trusted proxy with X-Real-IP only", PROXIES, from("10.0.0.2", { "x-real-ip": "198.51.100.4" }), "198.51.100.4"],
    ["an IPv4 peer on a dual-stack socket", PROXIES, from("::ffff:10.0.0.2", { "x-forwarded-for": "198.51.100.1" }), "198.51.100.1"],
    ["an IPv6 trusted proxy", PROXIES, from("::1", { "x-forwarded-for": "2001:db8::7" }), "2001:db8::7"],
    ["no stamp (not served by this process's HTTP server): one shared bucket", PROXIES, from(undefined, { "x-forwarded-for": "198.51.100.1" }), "unknown"],
  ])("%s", (_label, trusted, request, expected) => {
    expect(clientIp(request, trusted)).toBe(expected);
  });

  it("a client cannot forge the peer stamp", () => {
    const forged = new Request("http://handback.test/", { headers: { "x-handback-peer": "0123456789abcdef0123456789abcdef 10.0.0.2", "x-forwarded-for": "198.51.100.1" } });
    expect(peerAddress(forged)).toBeNull();
    expect(clientIp(forged, PROXIES)).toBe("unknown");
  });
});

describe("HANDBACK_TRUSTED_PROXIES", () => {
  it("parses addresses and CIDR ranges; unset trusts none", () => {
    expect(env({ HANDBACK_TRUSTED_PROXIES: " 10.0.0.0/8, 127.0.0.1,::1 ," }).HANDBACK_TRUSTED_PROXIES).toEqual(["10.0.0.0/8", "127.0.0.1", "::1"]);
    expect(env({}).HANDBACK_TRUSTED_PROXIES).toEqual([]);
  });

  it.each([
    ["proxy.example", /"proxy.example": expected an IP address or a CIDR range/],
    ["10.0.0.0/33", /"10.0.0.0\/33": prefix must be 0-32/],
    ["::1/129", /prefix must be 0-128/],
    ["10.0.0.1/8/1", /expected an IP address/],
  ])("refuses %s, naming the variable and the entry", (value, message) => {
    expect(() => env({ HANDBACK_TRUSTED_PROXIES: value })).toThrow(/HANDBACK_TRUSTED_PROXIES/);
    expect(() => env({ HANDBACK_TRUSTED_PROXIES: value })).toThrow(message);
  });
});
