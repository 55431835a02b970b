import dgram from "node:dgram";
import { Resolver } from "node:dns/promises";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DNS_RCODES, DNS_TYPES, encodeDnsQuery, readDnsHeader, startDnsServer, type DnsRecords, type DnsServer } from "@/lib/lab";

const LONG_TXT = "x".repeat(300);
const RECORDS: DnsRecords = {
  "staging.netrasystems.ai": {
    A: ["10.0.0.5", "10.0.0.6"],
    AAAA: ["2001:db8::5"],
    TXT: ["v=spf1 -all", LONG_TXT],
    MX: [{ priority: 10, exchange: "mx1.netrasystems.ai" }],
  },
  "www.netrasystems.ai.": { CNAME: "staging.netrasystems.ai" },
  "dangling.netrasystems.ai": { CNAME: "gone.netrasystems.ai" },
};

let server: DnsServer;
beforeAll(async () => {
  server = await startDnsServer({ records: RECORDS });
});
afterAll(async () => {
  await server?.close();
});
beforeEach(() => {
  server.setMode("ok");
  server.setRecords(RECORDS);
});

/** A real resolver (c-ares) pointed at the lab server only, with a short deadline and no retries. */
function createResolver(): Resolver {
  const resolver = new Resolver({ timeout: 300, tries: 1 });
  resolver.setServers([server.server]);
  return resolver;
}

/** Sends one raw query over UDP and returns the raw response, or null after waitMs. */
function queryRaw(message: Buffer, waitMs = 500): Promise<Buffer | null> {
  const socket = dgram.createSocket("udp4");
  return new Promise((resolve) => {
    const timer = setTimeout(() => finish(null), waitMs);
    const finish = (response: Buffer | null) => {
      clearTimeout(timer);
      socket.close();
      resolve(response);
    };
    socket.once("message", (response) => finish(response));
    socket.send(message, server.port, "127.0.0.1");
  });
}

/** Runs a resolver call and returns its value, or the error code. */
async function settle<T>(promise: Promise<T>): Promise<{ value: T } | { code: string | undefined }> {
  try {
    return { value: await promise };
  } catch (error) {
    return { code: (error as NodeJS.ErrnoException).code };
  }
}

describe("dns server", () => {
  it("answers A, AAAA, TXT, MX and CNAME queries from its records", async () => {
    const resolver = createResolver();
    expect(await resolver.resolve4("staging.netrasystems.ai")).toEqual(["10.0.0.5", "10.0.0.6"]);
    expect(await resolver.resolve6("staging.netrasystems.ai")).toEqual(["2001:db8::5"]);
    expect(await resolver.resolveTxt("staging.netrasystems.ai")).toEqual([["v=spf1 -all"], ["x".repeat(255), "x".repeat(45)]]);
    expect(await resolver.resolveMx("staging.netrasystems.ai")).toEqual([{ priority: 10, exchange: "mx1.netrasystems.ai" }]);
    expect(await resolver.resolveCname("www.netrasystems.ai")).toEqual(["staging.netrasystems.ai"]);
  });

  it("follows a CNAME to the records of its target, case-insensitively", async () => {
    expect(await createResolver().resolve4("WWW.Netrasystems.AI")).toEqual(["10.0.0.5", "10.0.0.6"]);
    expect(await createResolver().resolveMx("www.netrasystems.ai")).toEqual([{ priority: 10, exchange: "mx1.netrasystems.ai" }]);
  });

  it.each([
    ["an unknown name", "nowhere.netrasystems.ai", "ENOTFOUND"],
    ["a CNAME to an unknown name", "dangling.netrasystems.ai", "ENOTFOUND"],
  ])("answers NXDOMAIN for %s", async (_label, name, code) => {
    expect(await settle(createResolver().resolve4(name))).toEqual({ code });
  });

  it("answers NOERROR with no records for a known name without that type", async () => {
    server.setRecords({ "bare.netrasystems.ai": { A: ["10.0.0.9"] } });
    expect(await settle(createResolver().resolve6("bare.netrasystems.ai"))).toEqual({ code: "ENODATA" });
  });

  it.each([
    ["servfail", "ESERVFAIL"],
    ["refused", "EREFUSED"],
    ["silent", "ETIMEOUT"],
  ] as const)("fails every query in %s mode (%s)", async (mode, code) => {
    server.setMode(mode);
    const started = performance.now();
    expect(await settle(createResolver().resolve4("staging.netrasystems.ai"))).toEqual({ code });
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it("speaks the wire format: echoes the id and question, sets QR/AA/RA and the rcode", async () => {
    const before = server.queryCount();
    const response = await queryRaw(encodeDnsQuery(0x1234, "Staging.netrasystems.ai", DNS_TYPES.A));
    expect(response).not.toBeNull();
    const header = readDnsHeader(response as Buffer);
    expect(header).toMatchObject({ id: 0x1234, rcode: DNS_RCODES.NOERROR, qdcount: 1, ancount: 2 });
    expect((header?.flags ?? 0) & 0x8580).toBe(0x8580);
    expect((response as Buffer).includes(Buffer.from("Staging"))).toBe(true);
    server.setMode("servfail");
    const failed = await queryRaw(encodeDnsQuery(7, "staging.netrasystems.ai", DNS_TYPES.A));
    expect(readDnsHeader(failed as Buffer)).toMatchObject({ id: 7, rcode: DNS_RCODES.SERVFAIL, ancount: 0 });
    server.setMode("silent");
    expect(await queryRaw(encodeDnsQuery(8, "staging.netrasystems.ai", DNS_TYPES.A), 150)).toBeNull();
    expect(server.queryCount() - before).toBe(3);
  });

  it("rejects records with bad addresses when they are set", async () => {
    expect(() => server.setRecords({ "bad.example": { A: ["300.1.1.1"] } })).toThrow(/IPv4/);
    await expect(startDnsServer({ records: { "bad.example": { AAAA: ["::ffff:1.2.3.4"] } } })).rejects.toThrow(/IPv6/);
  });
});
