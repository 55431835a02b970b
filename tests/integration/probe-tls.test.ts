import https from "node:https";
import type net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findRefusedPort, issueTestCertificate, startTlsTarget, type CertificateKind, type TlsTarget } from "@/lib/lab";
import { runProbe, type ProbeErrorCode } from "@/lib/probes";
import { expectDeadline } from "@/tests/support/probes";

const HOSTNAME = "api.lab.test";
const DAY = 86_400_000;

describe("tls probe (lab TLS target)", () => {
  let target: TlsTarget;
  beforeAll(async () => void (target = await startTlsTarget({ hostname: HOSTNAME })));
  afterAll(() => target.close());

  const probe = () => ({ type: "tls", host: "127.0.0.1", port: target.port, servername: HOSTNAME }) as const;

  const cases: Array<{ kind: CertificateKind; code: ProbeErrorCode | null; expires: (ms: number) => boolean }> = [
    { kind: "valid", code: null, expires: (ms) => ms > 30 * DAY },
    { kind: "expiring-soon", code: null, expires: (ms) => ms > 0 && ms < 4 * DAY },
    { kind: "expired", code: "TLS_EXPIRED", expires: (ms) => ms < 0 },
    { kind: "not-yet-valid", code: "TLS_NOT_YET_VALID", expires: (ms) => ms > 0 },
    { kind: "wrong-host", code: "TLS_HOSTNAME", expires: (ms) => ms > 0 },
    { kind: "self-signed", code: "TLS_UNTRUSTED", expires: (ms) => ms > 0 },
  ];

  it.each(cases)("$kind certificate → $code, observations filled", async ({ kind, code, expires }) => {
    await target.setCertificate(kind);
    const result = await runProbe(probe(), { timeoutMs: 1_000, ca: [target.caPem] });
    expect(result.ok).toBe(code === null);
    expect(result.error?.code ?? null).toBe(code);
    expect(result.observations).toMatchObject({ CONNECTED: true, CERTIFICATE_VALID: code === null });
    expect(expires(Number(result.observations.CERTIFICATE_EXPIRATION))).toBe(true);
    expect(result.phases?.tls).toBeTypeOf("number");
  });

  it("reports TLS_UNTRUSTED for a lab certificate when the lab CA is not trusted", async () => {
    await target.setCertificate("valid");
    const result = await runProbe(probe(), { timeoutMs: 1_000 });
    expect(result).toMatchObject({ ok: false, error: { code: "TLS_UNTRUSTED" }, observations: { CERTIFICATE_VALID: false } });
  });

  it("checks the host name against IP SANs when no servername is given", async () => {
    await target.setCertificate("valid");
    const result = await runProbe({ type: "tls", host: "127.0.0.1", port: target.port }, { timeoutMs: 1_000, ca: [target.caPem] });
    expect(result).toMatchObject({ ok: true, observations: { CERTIFICATE_VALID: true } });
  });

  it("returns TIMEOUT by the deadline for a server that never speaks TLS", async () => {
    target.setMode("hang");
    const result = await expectDeadline("tls never handshakes", probe(), 500);
    target.setMode("ok");
    expect(result.observations.CONNECTED).toBe(false);
  });

  it("reports ECONNRESET when the server resets, ECONNREFUSED when nothing listens", async () => {
    target.setMode("reset");
    const reset = await runProbe(probe(), { timeoutMs: 1_000 });
    target.setMode("ok");
    expect(reset).toMatchObject({ ok: false, error: { code: "ECONNRESET" } });
    const refused = await runProbe({ type: "tls", host: "127.0.0.1", port: await findRefusedPort() }, { timeoutMs: 1_000 });
    expect(refused).toMatchObject({ ok: false, error: { code: "ECONNREFUSED" } });
  });
});

describe("http probe over https (lab certificates)", () => {
  const servers: https.Server[] = [];
  let caPem = "";
  const ports = new Map<CertificateKind, number>();

  beforeAll(async () => {
    const { loadTestCaPem } = await import("@/lib/lab");
    caPem = await loadTestCaPem();
    for (const kind of ["valid", "expired", "wrong-host", "self-signed"] as const) {
      const certificate = await issueTestCertificate(kind, HOSTNAME);
      const server = https.createServer({ cert: certificate.certPem, key: certificate.keyPem }, (_request, response) => response.end("secure ok"));
      server.on("tlsClientError", () => {});
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      servers.push(server);
      ports.set(kind, (server.address() as net.AddressInfo).port);
    }
  });
  afterAll(() => servers.forEach((server) => server.close()));

  it.each([
    ["valid", null],
    ["expired", "TLS_EXPIRED"],
    ["wrong-host", "TLS_HOSTNAME"],
    ["self-signed", "TLS_UNTRUSTED"],
  ] as const)("%s certificate → %s", async (kind, code) => {
    const url = `https://localhost:${ports.get(kind)}/`;
    const result = await runProbe({ type: "http", url, method: "GET", headers: {}, followRedirects: false }, { timeoutMs: 1_000, ca: [caPem] });
    expect(result.error?.code ?? null).toBe(code);
    if (code === null) {
      expect(result.observations).toMatchObject({ STATUS: 200, BODY: "secure ok", CONNECTED: true });
      expect(result.phases?.tls).toBeTypeOf("number");
    } else expect(result.ok).toBe(false);
  });
});
