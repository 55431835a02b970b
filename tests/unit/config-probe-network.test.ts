import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatProblem, loadConfigFile, parseConfigText } from "@/lib/config";
import { isDnsServerAddress } from "@/lib/config/dns-server";
import { issueClientCertificate, issueTestCertificate, loadTestCaPem } from "@/lib/lab";
import { editConfig, lineOfSnippet } from "@/tests/support/config-text";

// Network settings of probes in the config: a DNS probe's `server`, a probe's `tls` files.

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

describe("probe tls files", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "handback-tls-config-"));
  let keyPem = "";
  beforeAll(async () => {
    const client = await issueClientCertificate("handback-probe");
    keyPem = client.keyPem;
    writeFileSync(path.join(dir, "ca.pem"), await loadTestCaPem());
    writeFileSync(path.join(dir, "client.pem"), client.certPem);
    writeFileSync(path.join(dir, "client.key"), client.keyPem);
    writeFileSync(path.join(dir, "other.key"), (await issueTestCertificate("valid", "api.lab.test")).keyPem);
    writeFileSync(path.join(dir, "notes.txt"), "not a certificate\n");
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Loads MINIMAL_CONFIG from `dir` with the http probe (components.1) given `tls`, and `url`. */
  function load(tls: string, url = "https://127.0.0.1:8443/health") {
    const text = editConfig('{ type: http, url: "http://127.0.0.1:8080/health" }', `{ type: http, url: "${url}", tls: ${tls} }`);
    writeFileSync(path.join(dir, "incident.yaml"), text);
    return { text, result: loadConfigFile(path.join(dir, "incident.yaml"), {}) };
  }

  it("reads the files relative to the config file and keeps their PEM", () => {
    const { result } = load("{ ca: ca.pem, cert: client.pem, key: ./client.key }");
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const probe = result.config.components[1]!.probe;
    expect(probe.type === "http" && probe.tls).toMatchObject({ ca: expect.stringContaining("BEGIN CERTIFICATE"), key: keyPem, insecureSkipVerify: false });
  });

  const INLINE_GARBAGE = '"-----BEGIN CERTIFICATE-----\\nbm90IGEgY2VydA==\\n-----END CERTIFICATE-----"';
  it.each([
    ["an unreadable file", "{ ca: missing.pem }", "tls.ca", /^cannot read file .*missing\.pem: file not found$/],
    ["a file that is no PEM", "{ ca: notes.txt }", "tls.ca", /^is not a PEM certificate/],
    ["an inline PEM that does not parse", `{ ca: ${INLINE_GARBAGE} }`, "tls.ca", /^certificate 1 of 1 cannot be parsed$/],
    ["a key that is no PEM", "{ cert: client.pem, key: notes.txt }", "tls.key", /^is not a PEM private key/],
    ["a certificate in place of a key", "{ cert: client.pem, key: ca.pem }", "tls.key", /^is not a PEM private key/],
    ["a key of another certificate", "{ cert: client.pem, key: other.key }", "tls.key", /^does not belong to the certificate in tls\.cert$/],
    ["a cert without its key", "{ cert: client.pem }", "tls.cert", /^needs key as well/],
    ["a key without its cert", "{ key: client.key }", "tls.key", /^needs cert as well/],
    ["an unknown tls key", "{ ca: ca.pem, verify: false }", "tls.verify", /^unknown key "verify"$/],
  ])("reports %s naming the field and its line", (_name, tls, field, message) => {
    const { text, result } = load(tls);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({ path: `components.1.probe.${field}`, message: expect.stringMatching(message), line: lineOfSnippet(text, "tls: {") });
    expect(formatProblem(result.problems[0]!)).not.toContain(keyPem.split("\n")[5]);
  });

  it("rejects tls on a plain http:// URL", () => {
    const { result } = load("{ ca: ca.pem }", "http://127.0.0.1:8080/health");
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((problem) => `${problem.path}: ${problem.message}`)).toEqual(["components.1.probe.tls: applies to https:// URLs only"]);
  });
});
