import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import https from "node:https";
import type net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import type tls from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfigFile, type ComponentConfig } from "@/lib/config";
import { judgeResult } from "@/lib/engine/judge";
import { issueClientCertificate, issueTestCertificate, loadTestCaPem, startTlsTarget, type TlsTarget } from "@/lib/lab";
import { runProbe, type ProbeErrorCode, type ProbeResult } from "@/lib/probes";
import { loadProbeSettings } from "@/lib/probes/settings";

// A team whose staging uses an internal CA: probes trust it per probe (`tls.ca`, a file next to the config)
// or for the whole process (HANDBACK_CA_FILE), present a client certificate to mutual-TLS servers
// (`tls.cert` + `tls.key`), or skip verification (`tls.insecureSkipVerify`).

const HOSTNAME = "api.lab.test";

/** An https server on loopback; `clientCa` makes it require a client certificate signed by that CA. */
async function startHttps(certificate: { certPem: string; keyPem: string }, clientCa?: string): Promise<https.Server> {
  const mtls = clientCa ? { requestCert: true, rejectUnauthorized: true, ca: clientCa } : {};
  const server = https.createServer({ cert: certificate.certPem, key: certificate.keyPem, ...mtls }, (request, response) => {
    const peer = (request.socket as tls.TLSSocket).getPeerCertificate();
    response.end(peer.subject ? `client ${peer.subject.CN}` : "secure ok");
  });
  server.on("tlsClientError", () => {});
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return server;
}

const portOf = (server: net.Server) => (server.address() as net.AddressInfo).port;

describe("private CAs and mutual TLS", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "handback-private-ca-"));
  const servers: https.Server[] = [];
  let target: TlsTarget;
  let selfSigned: TlsTarget;
  let components = new Map<string, ComponentConfig>();
  let client: { certPem: string; keyPem: string };
  const results: ProbeResult[] = [];

  beforeAll(async () => {
    const caPem = await loadTestCaPem();
    client = await issueClientCertificate("handback-probe");
    writeFileSync(path.join(dir, "ca.pem"), caPem);
    writeFileSync(path.join(dir, "client.pem"), client.certPem);
    writeFileSync(path.join(dir, "client.key"), client.keyPem);
    target = await startTlsTarget({ hostname: HOSTNAME });
    selfSigned = await startTlsTarget({ hostname: HOSTNAME, certificate: "self-signed" });
    const valid = await issueTestCertificate("valid", HOSTNAME);
    const plain = await startHttps(valid);
    const mutual = await startHttps(valid, caPem);
    const untrusted = await startHttps(await issueTestCertificate("self-signed", HOSTNAME));
    servers.push(plain, mutual, untrusted);
    const yaml = `incident: { id: CA-1, title: Private CA, severity: P2, startedAt: "2025-01-01T00:00:00Z" }
teams: [{ id: infra }]
components:
  - id: tls-private
    probe: { type: tls, host: 127.0.0.1, port: ${target.port}, servername: ${HOSTNAME}, tls: { ca: ca.pem } }
    conditions: ["[CERTIFICATE_EXPIRATION] > 720h"]
  - id: tls-untrusted
    probe: { type: tls, host: 127.0.0.1, port: ${target.port}, servername: ${HOSTNAME} }
    conditions: ["[CERTIFICATE_EXPIRATION] > 720h"]
  - id: tls-insecure
    probe: { type: tls, host: 127.0.0.1, port: ${selfSigned.port}, servername: ${HOSTNAME}, tls: { insecureSkipVerify: true } }
  - id: tls-mtls
    probe: { type: tls, host: localhost, port: ${portOf(mutual)}, tls: { ca: ca.pem, cert: client.pem, key: client.key } }
  - id: https-private
    probe: { type: http, url: "https://localhost:${portOf(plain)}/", tls: { ca: ca.pem } }
    conditions: ["[STATUS] == 200"]
  - id: https-untrusted
    probe: { type: http, url: "https://localhost:${portOf(plain)}/" }
  - id: https-mtls
    probe: { type: http, url: "https://localhost:${portOf(mutual)}/", tls: { ca: ca.pem, cert: client.pem, key: client.key } }
    conditions: ['[BODY] == "client handback-probe"']
  - id: https-mtls-no-cert
    probe: { type: http, url: "https://localhost:${portOf(mutual)}/", tls: { ca: ca.pem } }
  - id: https-insecure
    probe: { type: http, url: "https://localhost:${portOf(untrusted)}/", tls: { insecureSkipVerify: true } }
    conditions: ["[STATUS] == 200"]
`;
    writeFileSync(path.join(dir, "incident.yaml"), yaml);
    const loaded = loadConfigFile(path.join(dir, "incident.yaml"), {});
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
    components = new Map(loaded.config.components.map((component) => [component.id, component]));
  });
  afterAll(async () => {
    servers.forEach((server) => server.close());
    await Promise.all([target.close(), selfSigned.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  const cases: Array<{ id: string; verdict: "pass" | "fail"; code?: ProbeErrorCode | ProbeErrorCode[]; valid?: boolean }> = [
    { id: "tls-private", verdict: "pass", valid: true },
    { id: "tls-untrusted", verdict: "fail", code: "TLS_UNTRUSTED", valid: false },
    { id: "tls-insecure", verdict: "pass", valid: false },
    { id: "tls-mtls", verdict: "pass", valid: true },
    { id: "https-private", verdict: "pass" },
    { id: "https-untrusted", verdict: "fail", code: "TLS_UNTRUSTED" },
    { id: "https-mtls", verdict: "pass" },
    { id: "https-mtls-no-cert", verdict: "fail", code: ["TLS_ERROR", "ECONNRESET"] },
    { id: "https-insecure", verdict: "pass" },
  ];

  it.each(cases)("$id → $verdict", async ({ id, verdict, code, valid }) => {
    const component = components.get(id)!;
    const result = await runProbe(component.probe, { timeoutMs: 2_000 });
    results.push(result);
    expect(judgeResult(component, result).verdict, JSON.stringify(result.error)).toBe(verdict);
    if (code) expect([code].flat()).toContain(result.error?.code);
    if (valid !== undefined) expect(result.observations.CERTIFICATE_VALID).toBe(valid);
  });

  it("HANDBACK_CA_FILE trusts the CA for every probe", async () => {
    const settings = loadProbeSettings({ HANDBACK_CA_FILE: path.join(dir, "ca.pem"), HANDBACK_DNS_SERVERS: undefined });
    const component = components.get("https-untrusted")!;
    const result = await runProbe(component.probe, { ...settings, timeoutMs: 2_000 });
    results.push(result);
    expect(result).toMatchObject({ ok: true, observations: { STATUS: 200, BODY: "secure ok" } });
  });

  it("HANDBACK_CA_FILE that cannot be read stops start-up naming the variable and the file", () => {
    const missing = path.join(dir, "missing.pem");
    expect(() => loadProbeSettings({ HANDBACK_CA_FILE: missing, HANDBACK_DNS_SERVERS: undefined })).toThrow(
      `HANDBACK_CA_FILE: cannot read file ${missing}: file not found`,
    );
    expect(() => loadProbeSettings({ HANDBACK_CA_FILE: path.join(dir, "client.key"), HANDBACK_DNS_SERVERS: undefined })).toThrow(
      /HANDBACK_CA_FILE: is not a PEM certificate/,
    );
  });

  it("no result carries key material", () => {
    expect(results.length).toBeGreaterThan(cases.length);
    const keyLine = client.keyPem.split("\n")[5]!;
    expect(keyLine.length).toBeGreaterThan(40);
    expect(JSON.stringify(results)).not.toContain(keyLine);
  });
});
