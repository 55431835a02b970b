import { afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { startWebSocketTarget, type WebSocketTarget, type WebSocketTargetOptions } from "@/lib/lab";

let target: WebSocketTarget | undefined;
const clients: WebSocket[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.terminate();
  await target?.close();
  target = undefined;
});

async function start(options: WebSocketTargetOptions = { path: "/ws" }): Promise<WebSocketTarget> {
  target = await startWebSocketTarget(options);
  return target;
}

type Outcome =
  | { event: "open"; firstMessage: string | null }
  | { event: "refused"; status: number; body: string }
  | { event: "error"; message: string };

/** Opens a WebSocket and reports the first message (null if none within waitMs), a refused upgrade, or an error. */
function openSocket(url: string, waitMs = 500): Promise<Outcome & { client: WebSocket }> {
  const client = new WebSocket(url, { handshakeTimeout: 300 });
  clients.push(client);
  return new Promise((resolve) => {
    client.once("open", () => {
      const timer = setTimeout(() => resolve({ event: "open", firstMessage: null, client }), waitMs);
      client.once("message", (data: Buffer) => {
        clearTimeout(timer);
        resolve({ event: "open", firstMessage: data.toString(), client });
      });
    });
    client.once("unexpected-response", (_request, response) => {
      let body = "";
      response.on("data", (chunk: Buffer) => (body += chunk.toString()));
      response.on("end", () => resolve({ event: "refused", status: response.statusCode ?? 0, body, client }));
    });
    client.once("error", (error) => resolve({ event: "error", message: error.message, client }));
  });
}

describe("websocket target", () => {
  it("upgrades, greets with a JSON message and echoes what it receives", async () => {
    const lab = await start();
    expect(lab.url).toBe(`ws://127.0.0.1:${lab.port}/ws`);
    const outcome = await openSocket(lab.url);
    expect(outcome).toMatchObject({ event: "open", firstMessage: JSON.stringify({ type: "connected" }) });
    const echo = new Promise<string>((resolve) => outcome.client.once("message", (data: Buffer) => resolve(data.toString())));
    outcome.client.send("ping from test");
    expect(await echo).toBe("ping from test");
  });

  it("sends a custom greeting", async () => {
    const lab = await start({ path: "/events", greeting: { type: "hello", version: 2 } });
    expect(await openSocket(lab.url)).toMatchObject({ firstMessage: '{"type":"hello","version":2}' });
  });

  it("upgrades but never sends anything in silent mode", async () => {
    const lab = await start();
    lab.setMode("silent");
    expect(await openSocket(lab.url, 200)).toMatchObject({ event: "open", firstMessage: null });
  });

  it("refuses the upgrade with 503 and a JSON body in deny mode, or with the status asked for", async () => {
    const lab = await start();
    lab.setMode("deny");
    expect(await openSocket(lab.url)).toMatchObject({ event: "refused", status: 503, body: '{"status":"unavailable"}' });
    lab.setMode("deny", { status: 401 });
    expect(await openSocket(lab.url)).toMatchObject({ event: "refused", status: 401 });
  });

  it("never answers the upgrade in hang mode", async () => {
    const lab = await start();
    lab.setMode("hang");
    expect(await openSocket(lab.url)).toEqual(expect.objectContaining({ event: "error", message: "Opening handshake has timed out" }));
  });

  it("refuses other paths with 404 and plain requests with 426", async () => {
    const lab = await start();
    expect(await openSocket(`ws://127.0.0.1:${lab.port}/elsewhere`)).toMatchObject({ event: "refused", status: 404 });
    const response = await fetch(`http://127.0.0.1:${lab.port}/ws`, { signal: AbortSignal.timeout(1_000) });
    expect(response.status).toBe(426);
  });

  it("drops open and hung connections on close", async () => {
    const lab = await start();
    const open = await openSocket(lab.url);
    const closed = new Promise<number>((resolve) => open.client.once("close", (code: number) => resolve(code)));
    lab.setMode("hang");
    const hung = new WebSocket(lab.url, { handshakeTimeout: 5_000 });
    clients.push(hung);
    const hungFailed = new Promise<string>((resolve) => hung.once("error", (error) => resolve(error.message)));
    await new Promise((resolve) => setTimeout(resolve, 50));
    await lab.close();
    target = undefined;
    expect(await closed).toBe(1006);
    expect(await hungFailed).toMatch(/socket hang up/);
  });
});
