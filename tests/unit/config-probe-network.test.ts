import { describe, expect, it } from "vitest";
import { formatProblem, parseConfigText } from "@/lib/config";
import { isDnsServerAddress } from "@/lib/config/dns-server";
import { editConfig, lineOfSnippet } from "@/tests/support/config-text";

// Network settings of probes in the config: a DNS probe's `server`.

const DB_PROBE = "{ type: tcp, host: 127.0.0.1, port: 5432 }";

describe("dns probe server", () => {
  it.each([
    ["10.0.0.2", true],
    ["10.0.0.2:5353", true],
    ["fd00::53", true],
    ["[fd00::53]:53", true],
    ["ns1.example.com", false],
    ["ns1.example.com:53", false],
    ["10.0.0.2:0", false],
    ["10.0.0.2:70000", false],
    ["fd00::53:53:zz", false],
    ["[10.0.0.2]:53", false],
  ])("%s is a DNS server address: %s", (value, expected) => {
    expect(isDnsServerAddress(value)).toBe(expected);
  });

  it("accepts an IP with a port", () => {
    const text = editConfig(DB_PROBE, "{ type: dns, name: db.example.com, server: '10.0.0.2:5353' }");
    expect(parseConfigText(text, {}).ok).toBe(true);
  });

  it("rejects a host name, naming the field and its line", () => {
    const text = editConfig(DB_PROBE, "{ type: dns, name: db.example.com, server: ns1.example.com }");
    const result = parseConfigText(text, {});
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map(formatProblem)).toEqual([
      `components.0.probe.server: must be an IP address, optionally with a port (10.0.0.2, 10.0.0.2:5353, [fd00::53]:53), not a host name (line ${lineOfSnippet(text, "server: ns1")})`,
    ]);
  });
});
