import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findRefusedPort } from "@/lib/lab";
import { runProbe } from "@/lib/probes";
import { expectDeadline, startSynBlackhole, type SynBlackhole } from "@/tests/support/probes";

describe("tcp probe", () => {
  let server: net.Server;
  let port: number;
  let blackhole: SynBlackhole;

  beforeAll(async () => {
    server = net.createServer((socket) => socket.end());
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as net.AddressInfo).port;
    blackhole = await startSynBlackhole();
  });
  afterAll(() => {
    server.close();
    blackhole.close();
  });

  it("connects to a listening port: CONNECTED, RESPONSE_TIME and phases", async () => {
    const result = await runProbe({ type: "tcp", host: "127.0.0.1", port }, { timeoutMs: 1_000 });
    expect(result).toMatchObject({ ok: true, observations: { CONNECTED: true } });
    expect(result.error).toBeUndefined();
    expect(result.observations.RESPONSE_TIME).toBeTypeOf("number");
    expect(result.phases?.connect).toBeTypeOf("number");
    expect(Date.parse(result.checkedAt)).not.toBeNaN();
  });

  it("times a hostname lookup as the dns phase", async () => {
    const result = await runProbe({ type: "tcp", host: "localhost", port }, { timeoutMs: 1_000 });
    expect(result.ok).toBe(true);
    expect(result.phases?.dns).toBeTypeOf("number");
  });

  it("reports ECONNREFUSED for a port where nothing listens", async () => {
    const result = await runProbe({ type: "tcp", host: "127.0.0.1", port: await findRefusedPort() }, { timeoutMs: 1_000 });
    expect(result).toMatchObject({ ok: false, error: { code: "ECONNREFUSED" }, observations: { CONNECTED: false } });
  });

  it("returns TIMEOUT by the deadline when SYNs are dropped", async () => {
    const result = await expectDeadline("tcp SYN blackhole", { type: "tcp", host: "127.0.0.1", port: blackhole.port }, 500);
    expect(result.observations.CONNECTED).toBe(false);
  });

  it("returns ABORTED at once when the caller aborts", async () => {
    const controller = new AbortController();
    const pending = runProbe({ type: "tcp", host: "127.0.0.1", port: blackhole.port }, { timeoutMs: 5_000, signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const result = await pending;
    expect(result.error?.code).toBe("ABORTED");
    expect(result.latencyMs).toBeLessThan(1_000);
  });
});
