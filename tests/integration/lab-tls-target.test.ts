import { X509Certificate } from "node:crypto";
import tls from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  issueTestCertificate, startTlsTarget, TLS_GREETING, WRONG_HOSTNAME, type CertificateKind, type TlsTarget,
} from "@/lib/lab";

const HOSTNAME = "staging.netrasystems.ai";
let target: TlsTarget;

beforeAll(async () => {
  target = await startTlsTarget({ hostname: HOSTNAME, certificate: "valid" });
});
afterAll(async () => {
  await target?.close();
});

type Outcome =
  | { event: "secure"; authorized: boolean; greeting: string; validTo: string; subjectAltName: string | undefined }
  | { event: "error"; code: string | undefined }
  | { event: "timeout" };

interface ConnectOptions {
  servername?: string;
  rejectUnauthorized?: boolean;
  waitMs?: number;
}

/** Opens a TLS connection to the target with the lab CA, and reports how it ended. */
function connectTls(options: ConnectOptions = {}): Promise<Outcome> {
  return new Promise((resolve) => {
    const socket = tls.connect({
      host: "127.0.0.1",
      port: target.port,
      ca: target.caPem,
      servername: options.servername,
      rejectUnauthorized: options.rejectUnauthorized ?? true,
    });
    let greeting = "";
    const finish = (outcome: Outcome) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    };
    const timer = setTimeout(() => finish({ event: "timeout" }), options.waitMs ?? 1_500);
    socket.on("data", (chunk: Buffer) => (greeting += chunk.toString()));
    socket.once("end", () => {
      const peer = socket.getPeerCertificate();
      finish({ event: "secure", authorized: socket.authorized, greeting, validTo: peer.valid_to, subjectAltName: peer.subjectaltname });
    });
    socket.once("error", (error: NodeJS.ErrnoException) => finish({ event: "error", code: error.code }));
  });
}

describe("tls target", () => {
  it("serves a valid certificate for the hostname, localhost and 127.0.0.1, then a greeting", async () => {
    await target.setCertificate("valid");
    target.setMode("ok");
    for (const servername of [HOSTNAME, "localhost", undefined]) {
      const outcome = await connectTls({ servername });
      expect(outcome).toMatchObject({ event: "secure", authorized: true, greeting: TLS_GREETING });
    }
  });

  it.each<[CertificateKind, string]>([
    ["expired", "CERT_HAS_EXPIRED"],
    ["not-yet-valid", "CERT_NOT_YET_VALID"],
    ["wrong-host", "ERR_TLS_CERT_ALTNAME_INVALID"],
    ["self-signed", "DEPTH_ZERO_SELF_SIGNED_CERT"],
  ])("a %s certificate fails verification with %s", async (kind, code) => {
    await target.setCertificate(kind);
    target.setMode("ok");
    expect(await connectTls({ servername: HOSTNAME })).toEqual({ event: "error", code });
  });

  it("still completes the handshake for clients that do not verify, exposing the dates", async () => {
    await target.setCertificate("expired");
    const outcome = await connectTls({ servername: HOSTNAME, rejectUnauthorized: false });
    expect(outcome).toMatchObject({ event: "secure", authorized: false });
    if (outcome.event !== "secure") return;
    expect(Date.parse(outcome.validTo)).toBeLessThan(Date.now());
  });

  it("serves a chain-valid certificate that expires within days for expiring-soon", async () => {
    await target.setCertificate("expiring-soon");
    const outcome = await connectTls({ servername: HOSTNAME });
    expect(outcome).toMatchObject({ event: "secure", authorized: true });
    if (outcome.event !== "secure") return;
    const left = Date.parse(outcome.validTo) - Date.now();
    expect(left).toBeGreaterThan(2 * 86_400_000);
    expect(left).toBeLessThan(4 * 86_400_000);
  });

  it("accepts TCP but never speaks TLS in hang mode", async () => {
    await target.setCertificate("valid");
    target.setMode("hang");
    expect(await connectTls({ servername: HOSTNAME, waitMs: 200 })).toEqual({ event: "timeout" });
  });

  it("resets the connection in reset mode", async () => {
    target.setMode("reset");
    expect(await connectTls({ servername: HOSTNAME })).toEqual({ event: "error", code: "ECONNRESET" });
    target.setMode("ok");
  });

  it("caches certificates per process and names the hosts in the SAN", async () => {
    const first = await issueTestCertificate("valid", HOSTNAME);
    expect(await issueTestCertificate("valid", HOSTNAME)).toBe(first);
    const parsed = new X509Certificate(first.certPem);
    expect(parsed.subjectAltName).toBe(`DNS:${HOSTNAME}, DNS:localhost, IP Address:127.0.0.1`);
    expect(parsed.verify(new X509Certificate(target.caPem).publicKey)).toBe(true);
    const wrong = new X509Certificate((await issueTestCertificate("wrong-host", HOSTNAME)).certPem);
    expect(wrong.subjectAltName).toBe(`DNS:${WRONG_HOSTNAME}`);
  });

  it("destroys hung connections on close", async () => {
    const lab = await startTlsTarget({ hostname: HOSTNAME });
    lab.setMode("hang");
    const socket = tls.connect({ host: "127.0.0.1", port: lab.port, ca: lab.caPem, servername: HOSTNAME });
    const failed = new Promise<string | undefined>((resolve) => socket.once("error", (e: NodeJS.ErrnoException) => resolve(e.code)));
    await new Promise((resolve) => socket.once("connect", resolve));
    await lab.close();
    expect(await failed).toBe("ECONNRESET");
  });
});
