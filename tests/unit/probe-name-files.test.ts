import { describe, expect, it } from "vitest";
import { readProbeEnv } from "@/lib/env";
import { parseHosts, parseResolvConf, searchCandidates } from "@/lib/probes/name-files";

// What the probes' resolver reads before asking DNS: hosts(5), resolv.conf(5)'s search list.

describe("parseHosts", () => {
  const hosts = parseHosts(`# comment
127.0.0.1   localhost
::1         localhost ip6-localhost   # trailing comment
10.0.0.5    Staging-DB staging-db.internal
not-an-ip   ignored
`);

  it.each([
    ["localhost", [{ address: "127.0.0.1", family: 4 }, { address: "::1", family: 6 }]],
    ["ip6-localhost", [{ address: "::1", family: 6 }]],
    ["staging-db", [{ address: "10.0.0.5", family: 4 }]],
    ["staging-db.internal", [{ address: "10.0.0.5", family: 4 }]],
    ["ignored", undefined],
  ])("%s → %j", (name, addresses) => {
    expect(hosts.get(name)).toEqual(addresses);
  });
});

describe("search list", () => {
  it.each([
    ["", { search: [], ndots: 1 }],
    ["nameserver 10.0.0.53\nsearch svc.cluster.local cluster.local\noptions ndots:5 timeout:2\n", { search: ["svc.cluster.local", "cluster.local"], ndots: 5 }],
    ["domain corp.example\n", { search: ["corp.example"], ndots: 1 }],
    ["search a.example # comment\nsearch b.example\n", { search: ["b.example"], ndots: 1 }],
  ])("parses %j", (text, expected) => {
    expect(parseResolvConf(text)).toEqual(expected);
  });

  const k8s = { search: ["default.svc.cluster.local", "svc.cluster.local"], ndots: 5 };
  it.each([
    ["api", { search: ["corp.example"], ndots: 1 }, ["api.corp.example", "api"]],
    ["api.example.com", { search: ["corp.example"], ndots: 1 }, ["api.example.com", "api.example.com.corp.example"]],
    ["api", k8s, ["api.default.svc.cluster.local", "api.svc.cluster.local", "api"]],
    ["api.example.com.", k8s, ["api.example.com"]],
    ["api.example.com", { search: [], ndots: 1 }, ["api.example.com"]],
  ])("%s asks %j → %j", (name, list, expected) => {
    expect(searchCandidates(name, list)).toEqual(expected);
  });
});

describe("HANDBACK_DNS_SERVERS", () => {
  it.each([
    [undefined, undefined],
    ["", undefined],
    ["10.0.0.53", ["10.0.0.53"]],
    [" 10.0.0.53:5353 , [fd00::53]:53 ", ["10.0.0.53:5353", "[fd00::53]:53"]],
  ])("%j → %j", (value, expected) => {
    expect(readProbeEnv({ HANDBACK_DNS_SERVERS: value }).HANDBACK_DNS_SERVERS).toEqual(expected);
  });

  it("rejects a host name, naming the variable", () => {
    expect(() => readProbeEnv({ HANDBACK_DNS_SERVERS: "10.0.0.53,dns.example.com" })).toThrow(
      /HANDBACK_DNS_SERVERS: dns\.example\.com: must be an IP address/,
    );
  });
});
