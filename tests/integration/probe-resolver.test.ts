import net from "node:net";
import { promisify } from "node:util";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ProbeConfig } from "@/lib/config";
import {
  startDnsServer, startHttpTarget, startRedisFake, startTlsTarget, startWebSocketTarget,
  type DnsServer, type HttpTarget, type RedisFake, type TlsTarget, type WebSocketTarget,
} from "@/lib/lab";
import { runProbe, type ProbeContext } from "@/lib/probes";
import { expectDeadline } from "@/tests/support/probes";
import { requireService } from "@/tests/support/services";

// Every network probe resolves names through a cancellable resolver (HANDBACK_DNS_SERVERS, here the lab's
// DNS server on loopback), never dns.lookup on libuv's 4-thread pool. One name whose resolver never answers
// must cost its own probes their deadline and nothing else.

const GOOD = "good.lab.test";
const HUNG = "hung.lab.test";
const postgres = await requireService("PostgreSQL", "TEST_DATABASE_URL");
const gzip = promisify(zlib.gzip);

describe("probes resolve names through a cancellable resolver", () => {
  let dns: DnsServer;
  let http: HttpTarget;
  let tls: TlsTarget;
  let ws: WebSocketTarget;
  let redis: RedisFake;
  let tcp: net.Server;
  let context: Omit<ProbeContext, "timeoutMs">;

  beforeAll(async () => {
    dns = await startDnsServer({ records: { [GOOD]: { A: ["127.0.0.1"] } }, silentNames: [HUNG] });
    [http, tls, ws, redis] = await Promise.all([
      startHttpTarget(),
      startTlsTarget({ hostname: GOOD }),
      startWebSocketTarget({ greeting: { type: "hello" } }),
      startRedisFake(),
    ]);
    tcp = net.createServer((socket) => socket.end());
    await new Promise<void>((resolve) => tcp.listen(0, "127.0.0.1", resolve));
    context = { dnsServers: [dns.server], ca: [tls.caPem] };
  });
  afterAll(async () => {
    await Promise.all([dns.close(), http.close(), tls.close(), ws.close(), redis.close()]);
    tcp.close();
  });

  const port = (server: net.Server) => (server.address() as net.AddressInfo).port;
  const postgresUrl = (host: string) => {
    const url = new URL(postgres.url ?? "postgres://postgres@127.0.0.1:5432/test");
    url.hostname = host;
    return url.toString();
  };
  const probes: Array<{ type: string; probe: (host: string) => ProbeConfig; needs?: string | null }> = [
    { type: "http", probe: (host) => ({ type: "http", url: `http://${host}:${http.port}/health`, method: "GET", headers: {}, followRedirects: false }) },
    { type: "tcp", probe: (host) => ({ type: "tcp", host, port: port(tcp) }) },
    { type: "tls", probe: (host) => ({ type: "tls", host, port: tls.port }) },
    { type: "websocket", probe: (host) => ({ type: "websocket", url: `ws://${host}:${ws.port}/`, send: "hi" }) },
    { type: "redis", probe: (host) => ({ type: "redis", url: `redis://${host}:${redis.port}` }) },
    { type: "postgres", probe: (host) => ({ type: "postgres", url: postgresUrl(host), query: "SELECT 1" }), needs: postgres.skipReason },
  ];

  it.each(probes)("$type: a name the resolver knows connects, and the dns phase is timed", async ({ probe, needs }) => {
    if (needs) return console.warn(`[resolver] skipped: ${needs}`);
    const result = await runProbe(probe(GOOD), { ...context, timeoutMs: 2_000 });
    expect(result.error).toBeUndefined();
    expect(result).toMatchObject({ ok: true, observations: { CONNECTED: true } });
    expect(result.phases?.dns).toBeTypeOf("number");
  });

  it("tls: the certificate is still checked against the name, not the address", async () => {
    const result = await runProbe({ type: "tls", host: GOOD, port: tls.port }, { ...context, timeoutMs: 2_000 });
    expect(result.observations.CERTIFICATE_VALID).toBe(true);
  });

  it.each(probes)("$type: a name whose resolver never answers is TIMEOUT by the deadline", async ({ type, probe, needs }) => {
    if (needs) return console.warn(`[resolver] skipped: ${needs}`);
    const result = await expectDeadline(`${type} hung resolver`, probe(HUNG), 500, context);
    expect(result.observations.CONNECTED).toBe(false);
  });

  it("reports NXDOMAIN for a name the resolver does not know", async () => {
    const result = await runProbe(probes[0]!.probe("missing.lab.test"), { ...context, timeoutMs: 2_000 });
    expect(result).toMatchObject({ ok: false, error: { code: "NXDOMAIN" } });
  });

  it("eight hung lookups hold up neither a healthy probe nor the thread pool (zlib)", async () => {
    const hung = Promise.all(Array.from({ length: 8 }, () => runProbe(probes[0]!.probe(HUNG), { ...context, timeoutMs: 3_000 })));
    const finished: string[] = [];
    void hung.then(() => finished.push("hung"));
    const compressed = gzip(Buffer.alloc(64 * 1024, "x")).then(() => finished.push("zlib"));
    const healthy = await runProbe(probes[0]!.probe(GOOD), { ...context, timeoutMs: 1_000 });
    await compressed;
    finished.push("healthy");
    expect(healthy).toMatchObject({ ok: true, observations: { STATUS: 200 } });
    expect(finished).toEqual(["zlib", "healthy"]);
    expect((await hung).map((result) => result.error?.code)).toEqual(Array(8).fill("TIMEOUT"));
  });

  it("a dns probe without its own server asks HANDBACK_DNS_SERVERS", async () => {
    const result = await runProbe({ type: "dns", name: GOOD, record: "A" }, { ...context, timeoutMs: 1_000 });
    expect(result).toMatchObject({ ok: true, observations: { DNS_RCODE: "NOERROR", IP: "127.0.0.1" } });
  });

  it("IP literals and localhost never ask the resolver, even a silent one", async () => {
    dns.setMode("silent");
    const before = dns.queryCount();
    try {
      for (const host of ["127.0.0.1", "localhost"]) {
        const result = await runProbe(probes[0]!.probe(host), { ...context, timeoutMs: 1_000 });
        expect(result, host).toMatchObject({ ok: true, observations: { STATUS: 200 } });
      }
      expect(dns.queryCount()).toBe(before);
    } finally {
      dns.setMode("ok");
    }
  });
});
