import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findRefusedPort, startWebSocketTarget, type WebSocketTarget } from "@/lib/lab";
import { GREETING_WAIT_MS } from "@/lib/probes/websocket";
import { runProbe } from "@/lib/probes";
import { expectDeadline } from "@/tests/support/probes";

describe("websocket probe (lab WebSocket target)", () => {
  let target: WebSocketTarget;
  beforeAll(async () => void (target = await startWebSocketTarget({ path: "/ws", greeting: { type: "hello" } })));
  afterAll(() => target.close());

  it("opens the socket and reports the first message as BODY", async () => {
    const result = await runProbe({ type: "websocket", url: target.url, send: "ping" }, { timeoutMs: 1_000 });
    expect(result).toMatchObject({ ok: true, observations: { CONNECTED: true, BODY: '{"type":"hello"}' } });
    expect(result.latencyMs).toBeLessThan(500);
  });

  it("without `send`, waits briefly for a greeting", async () => {
    const result = await runProbe({ type: "websocket", url: target.url }, { timeoutMs: 1_000 });
    expect(result).toMatchObject({ ok: true, observations: { CONNECTED: true, BODY: '{"type":"hello"}' } });
  });

  it("connected but silent: ok, CONNECTED, no BODY (conditions judge)", async () => {
    target.setMode("silent");
    const quiet = await runProbe({ type: "websocket", url: target.url }, { timeoutMs: 2_000 });
    const waited = await runProbe({ type: "websocket", url: target.url, send: "ping" }, { timeoutMs: 500 });
    target.setMode("accept");
    expect(quiet).toMatchObject({ ok: true, observations: { CONNECTED: true } });
    expect(quiet.observations.BODY).toBeUndefined();
    expect(quiet.latencyMs).toBeLessThan(GREETING_WAIT_MS + 250);
    expect(waited).toMatchObject({ ok: true, observations: { CONNECTED: true } });
    expect(waited.latencyMs).toBeLessThan(500 + 250);
  });

  it("reports WS_REJECTED and the HTTP STATUS of a refused upgrade", async () => {
    target.setMode("deny", { status: 403 });
    const result = await runProbe({ type: "websocket", url: target.url }, { timeoutMs: 1_000 });
    target.setMode("accept");
    expect(result).toMatchObject({ ok: false, error: { code: "WS_REJECTED" }, observations: { STATUS: 403, CONNECTED: false } });
  });

  it("returns TIMEOUT by the deadline when the upgrade hangs", async () => {
    target.setMode("hang");
    const result = await expectDeadline("websocket hung upgrade", { type: "websocket", url: target.url }, 500);
    target.setMode("accept");
    expect(result.observations.CONNECTED).toBe(false);
  });

  it("reports ECONNREFUSED when nothing listens", async () => {
    const result = await runProbe({ type: "websocket", url: `ws://127.0.0.1:${await findRefusedPort()}/` }, { timeoutMs: 1_000 });
    expect(result).toMatchObject({ ok: false, error: { code: "ECONNREFUSED" } });
  });
});
