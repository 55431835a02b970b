import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDnsServer, type DnsServer } from "@/lib/lab";
import { runProbe } from "@/lib/probes";
import { expectDeadline } from "@/tests/support/probes";

type DnsRecord = "A" | "AAAA" | "CNAME" | "TXT" | "MX";

describe("dns probe (lab UDP DNS server)", () => {
  let dns: DnsServer;
  const probe = (name: string, record: DnsRecord = "A") => ({ type: "dns", name, record, server: dns.server }) as const;

  beforeAll(async () => {
    dns = await startDnsServer({
      records: {
        "api.lab.test": { A: ["10.0.0.7", "10.0.0.8"], AAAA: ["fd00::7"], TXT: ["v=spf1 -all"], MX: [{ priority: 10, exchange: "mx.lab.test" }] },
        "www.lab.test": { CNAME: "api.lab.test" },
        "txt-only.lab.test": { TXT: ["only text here"] },
      },
    });
  });
  afterAll(() => dns.close());

  it.each([
    ["A", "10.0.0.7, 10.0.0.8", "10.0.0.7"],
    ["AAAA", "fd00::7", "fd00::7"],
    ["TXT", "v=spf1 -all", undefined],
    ["MX", "10 mx.lab.test", undefined],
  ] as const)("resolves %s: DNS_RCODE NOERROR, BODY %s, IP %s", async (record, body, ip) => {
    const result = await runProbe(probe("api.lab.test", record), { timeoutMs: 1_000 });
    expect(result).toMatchObject({ ok: true, observations: { DNS_RCODE: "NOERROR", BODY: body } });
    expect(result.observations.IP).toBe(ip);
  });

  it("resolves a CNAME", async () => {
    const result = await runProbe(probe("www.lab.test", "CNAME"), { timeoutMs: 1_000 });
    expect(result.observations).toMatchObject({ DNS_RCODE: "NOERROR", BODY: "api.lab.test" });
  });

  it("reports NOERROR with no answers when the name exists without that record", async () => {
    const result = await runProbe(probe("txt-only.lab.test", "A"), { timeoutMs: 1_000 });
    expect(result).toMatchObject({ ok: true, observations: { DNS_RCODE: "NOERROR", BODY: "" } });
    expect(result.observations.IP).toBeUndefined();
  });

  it("reports NXDOMAIN for an unknown name (the server answered: ok, informational error)", async () => {
    const result = await runProbe(probe("missing.lab.test"), { timeoutMs: 1_000 });
    expect(result).toMatchObject({ ok: true, error: { code: "NXDOMAIN" }, observations: { DNS_RCODE: "NXDOMAIN" } });
  });

  it("reports SERVFAIL", async () => {
    dns.setMode("servfail");
    const result = await runProbe(probe("api.lab.test"), { timeoutMs: 1_000 });
    dns.setMode("ok");
    expect(result).toMatchObject({ error: { code: "SERVFAIL" }, observations: { DNS_RCODE: "SERVFAIL" } });
  });

  it("reports REFUSED as DNS_ERROR", async () => {
    dns.setMode("refused");
    const result = await runProbe(probe("api.lab.test"), { timeoutMs: 1_000 });
    dns.setMode("ok");
    expect(result).toMatchObject({ error: { code: "DNS_ERROR" }, observations: { DNS_RCODE: "REFUSED" } });
  });

  it("returns TIMEOUT (DNS_RCODE TIMEOUT) by the deadline for a silent server", async () => {
    dns.setMode("silent");
    const result = await expectDeadline("dns silent server", probe("api.lab.test"), 500);
    dns.setMode("ok");
    expect(result.observations.DNS_RCODE).toBe("TIMEOUT");
  });

  it("reports DNS_ERROR for a server that is not an IP address", async () => {
    const result = await runProbe({ type: "dns", name: "api.lab.test", record: "A", server: "not-an-ip" }, { timeoutMs: 1_000 });
    expect(result).toMatchObject({ ok: false, error: { code: "DNS_ERROR" } });
  });
});
