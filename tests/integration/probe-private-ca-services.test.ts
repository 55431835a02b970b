import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ProbeConfig } from "@/lib/config";
import {
  issueClientCertificate, issueTestCertificate, loadTestCaPem, startRedisFake, startWebSocketTarget,
  type RedisFake, type WebSocketTarget,
} from "@/lib/lab";
import { runProbe, type ProbeErrorCode } from "@/lib/probes";
import { startStartupGate, type StartupGate } from "@/tests/support/pg-startup-gate";
import { requireService } from "@/tests/support/services";
import { startTlsTerminator, type TlsTerminator } from "@/tests/support/tls-terminator";

// rediss://, wss:// and PostgreSQL SSL behind a private CA, with and without a required client certificate:
// TLS fronts on loopback for the lab's Redis and WebSocket targets and for the machine's PostgreSQL.

const postgres = await requireService("PostgreSQL", "TEST_DATABASE_URL");
type Tls = { ca?: string; cert?: string; key?: string; insecureSkipVerify: boolean };
type Front = "plain" | "mutual";

describe("rediss, wss and postgres SSL with a private CA and mutual TLS", () => {
  const pem = { ca: "", cert: "", key: "" };
  let redis: RedisFake;
  let ws: WebSocketTarget;
  const fronts = new Map<string, TlsTerminator | StartupGate>();

  beforeAll(async () => {
    const [ca, server, client] = await Promise.all([loadTestCaPem(), issueTestCertificate("valid", "localhost"), issueClientCertificate("handback-probe")]);
    Object.assign(pem, { ca, cert: client.certPem, key: client.keyPem });
    [redis, ws] = await Promise.all([startRedisFake(), startWebSocketTarget({ greeting: { type: "hello" } })]);
    const serving = { cert: server.certPem, key: server.keyPem };
    for (const front of ["plain", "mutual"] as const) {
      const tls = front === "mutual" ? { ...serving, ca } : serving;
      fronts.set(`redis-${front}`, await startTlsTerminator(redis.port, tls));
      fronts.set(`ws-${front}`, await startTlsTerminator(ws.port, tls));
      if (postgres.url) {
        const upstream = new URL(postgres.url);
        fronts.set(`postgres-${front}`, await startStartupGate({ host: upstream.hostname, port: Number(upstream.port) || 5432 }, { tls }));
      }
    }
  });
  afterAll(async () => {
    await Promise.all([...fronts.values()].map((front) => front.close()));
    await Promise.all([redis.close(), ws.close()]);
  });

  const port = (name: string) => fronts.get(name)!.port;
  const tlsOf = (trust: "ca" | "ca+cert" | "none" | "skip"): Tls | undefined => {
    if (trust === "none") return undefined;
    if (trust === "skip") return { insecureSkipVerify: true };
    return trust === "ca" ? { ca: pem.ca, insecureSkipVerify: false } : { ...pem, insecureSkipVerify: false };
  };
  const postgresUrl = (front: Front, query = "") => {
    const url = new URL(postgres.url ?? "postgres://postgres@127.0.0.1:5432/test");
    url.hostname = "localhost";
    url.port = String(port(`postgres-${front}`));
    url.search = query;
    return url.toString();
  };
  const probes = {
    redis: (front: Front, tls?: Tls): ProbeConfig => ({ type: "redis", url: `rediss://localhost:${port(`redis-${front}`)}`, tls }),
    wss: (front: Front, tls?: Tls): ProbeConfig => ({ type: "websocket", url: `wss://localhost:${port(`ws-${front}`)}/`, send: "hi", tls }),
    postgres: (front: Front, tls?: Tls, query?: string): ProbeConfig => ({ type: "postgres", url: postgresUrl(front, query), query: "SELECT 1", tls }),
  };

  const cases: Array<[string, keyof typeof probes, Front, Parameters<typeof tlsOf>[0], string | undefined, ProbeErrorCode | ProbeErrorCode[] | null]> = [
    ["rediss trusting the CA", "redis", "plain", "ca", undefined, null],
    ["rediss without the CA", "redis", "plain", "none", undefined, "TLS_UNTRUSTED"],
    ["rediss with a client certificate", "redis", "mutual", "ca+cert", undefined, null],
    ["rediss without the required client certificate", "redis", "mutual", "ca", undefined, ["TLS_ERROR", "ECONNRESET"]],
    ["wss trusting the CA", "wss", "plain", "ca", undefined, null],
    ["wss without the CA", "wss", "plain", "none", undefined, "TLS_UNTRUSTED"],
    ["wss with a client certificate", "wss", "mutual", "ca+cert", undefined, null],
    ["postgres sslmode=verify-full trusting the CA", "postgres", "plain", "ca", "?sslmode=verify-full", null],
    ["postgres: the tls block alone turns SSL on", "postgres", "plain", "ca", undefined, null],
    ["postgres sslmode=verify-full without the CA", "postgres", "plain", "none", "?sslmode=verify-full", "TLS_UNTRUSTED"],
    ["postgres sslmode=no-verify", "postgres", "plain", "none", "?sslmode=no-verify", null],
    ["postgres insecureSkipVerify", "postgres", "plain", "skip", undefined, null],
    ["postgres with a client certificate", "postgres", "mutual", "ca+cert", undefined, null],
    ["postgres without the required client certificate", "postgres", "mutual", "ca", undefined, ["TLS_ERROR", "ECONNRESET", "NETWORK_ERROR"]],
    ["postgres without SSL where the server requires it", "postgres", "plain", "none", undefined, "QUERY_FAILED"],
  ];

  it.each(cases)("%s", async (_name, kind, front, trust, query, code) => {
    if (kind === "postgres" && !postgres.url) return console.warn(`[private CA] skipped: ${postgres.skipReason}`);
    const result = await runProbe(probes[kind](front, tlsOf(trust), query), { timeoutMs: 2_000 });
    if (code === null) {
      expect(result.error, JSON.stringify(result.error)).toBeUndefined();
      expect(result).toMatchObject({ ok: true, observations: { CONNECTED: true } });
    } else {
      expect(result.ok).toBe(false);
      expect([code].flat()).toContain(result.error?.code);
    }
  });

  it("postgres keeps the URL's sslrootcert trusted next to the process's own CAs", async (context) => {
    if (!postgres.url) return context.skip();
    const dir = mkdtempSync(path.join(tmpdir(), "handback-sslrootcert-"));
    try {
      writeFileSync(path.join(dir, "root.pem"), pem.ca);
      const query = `?sslmode=verify-full&sslrootcert=${encodeURIComponent(path.join(dir, "root.pem"))}`;
      const unrelated = (await issueTestCertificate("self-signed", "elsewhere.lab.test")).certPem;
      const result = await runProbe(probes.postgres("plain", undefined, query), { timeoutMs: 2_000, ca: [unrelated] });
      expect(result.error).toBeUndefined();
      expect(result.observations.CONNECTED).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
