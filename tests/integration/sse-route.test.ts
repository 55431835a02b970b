import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as events from "@/app/api/events/route";
import { getStreamRegistry, SSE_MAX_QUEUED_BYTES, SSE_MAX_STREAMS_PER_USER } from "@/lib/events/sse-limits";
import { FLUSH_BYTES } from "@/lib/events/sse-stream";
import { getBus } from "@/lib/runtime";
import { call, expectError, SECRETS, startApiHarness, type ApiHarness } from "../support/api-harness";
import { serveRoute, type RouteServer } from "../support/route-server";

// GET /api/events through a real socket (issue 10, bug 3): a client that sends its request and then stops
// reading must be cut off once the server holds SSE_MAX_QUEUED_BYTES for it, while events keep coming.

let harness: ApiHarness;
let server: RouteServer;
beforeAll(async () => {
  harness = await startApiHarness();
  server = await serveRoute(events.GET);
});
afterAll(async () => {
  await server?.close();
  await harness?.stop();
});

const PADDING = "x".repeat(2_000);

/** Opens a raw connection, sends the request and resolves once the response head has arrived. */
async function openStream(role: keyof typeof SECRETS): Promise<{ socket: net.Socket; head: string; received: () => number }> {
  const socket = net.connect(server.port, "127.0.0.1");
  socket.on("error", () => {});
  let received = 0;
  let text = "";
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () =>
      socket.write(`GET /api/events HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nAuthorization: Bearer ${SECRETS[role]}\r\n\r\n`),
    );
    socket.on("data", (chunk: Buffer) => {
      received += chunk.length;
      if (text.length < 4_096) text += chunk.toString("latin1");
      if (text.includes("\r\n\r\n")) resolve();
    });
    socket.once("close", () => reject(new Error(`closed before the response head: ${text}`)));
  });
  return { socket, head: text.slice(0, text.indexOf("\r\n\r\n")), received: () => received };
}

async function waitFor(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe("GET /api/events over a real socket", () => {
  it("closes a stream whose client stopped reading, keeps its queue bounded, and keeps a reading client", async () => {
    const stalled = await openStream("viewer");
    const reading = await openStream("infra");
    expect(stalled.head).toMatch(/^HTTP\/1\.1 200/);
    expect(stalled.head).toMatch(/content-type: text\/event-stream/i);
    const [stalledServerSide] = [...server.sockets].filter((socket) => socket.remotePort === stalled.socket.localPort);
    stalled.socket.pause();

    let published = 0;
    let maxQueued = 0;
    const closesBefore = getStreamRegistry().slowReaderCloses();
    const publisher = setInterval(() => {
      // About 5 MB/s, far more than a stalled reader's socket buffers hold.
      for (let i = 0; i < 25; i += 1) getBus().publish({ type: "component", id: 0, data: { id: "api", status: "down", n: (published += 1), padding: PADDING } });
      maxQueued = Math.max(maxQueued, getStreamRegistry().queuedBytes());
    }, 10);
    try {
      await waitFor(() => stalledServerSide!.destroyed, 20_000, "the server closes the stalled stream");
    } finally {
      clearInterval(publisher);
    }
    expect(getStreamRegistry().slowReaderCloses()).toBe(closesBefore + 1);
    // Both queues together (sampled every 10 ms) never held more than the bound plus a chunk each.
    expect(maxQueued).toBeLessThanOrEqual(SSE_MAX_QUEUED_BYTES + 2 * FLUSH_BYTES);
    expect(published * PADDING.length).toBeGreaterThan(4 * SSE_MAX_QUEUED_BYTES);
    // The client that reads is still served.
    expect(getStreamRegistry().count()).toBe(1);
    const before = reading.received();
    getBus().publish({ type: "component", id: 0, data: { id: "api", status: "operational" } });
    await waitFor(() => reading.received() > before, 5_000, "the reading client gets the next event");
    reading.socket.destroy();
    stalled.socket.destroy();
    await waitFor(() => getStreamRegistry().count() === 0, 5_000, "the registry forgets closed streams");
  });
});

describe("GET /api/events refusals", () => {
  it.each([
    ["no credentials", {}],
    ["a bad token", { as: "bad" as const }],
  ])("is 401 with %s", async (_label, extra) => {
    await expectError(await call(events.GET, { path: "/api/events", ...extra }), 401, "UNAUTHORIZED");
  });

  it("caps the streams of one user: 429 with Retry-After, JSON with a code", async () => {
    const open = await Promise.all(Array.from({ length: SSE_MAX_STREAMS_PER_USER }, () => call(events.GET, { path: "/api/events", as: "dev" })));
    expect(open.map((response) => response.status)).toEqual(open.map(() => 200));
    const refused = await call(events.GET, { path: "/api/events", as: "dev" });
    expect(refused.headers.get("retry-after")).toMatch(/^\d+$/);
    await expectError(refused, 429, "RATE_LIMITED");
    // Another user is not affected.
    const other = await call(events.GET, { path: "/api/events", as: "leadership" });
    expect(other.status).toBe(200);
    await Promise.all([...open, other].map((response) => response.body!.cancel()));
    expect(getStreamRegistry().count()).toBe(0);
  });
});
