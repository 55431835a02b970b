import http from "node:http";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as events from "@/app/api/events/route";
import * as timeline from "@/app/api/timeline/route";
import { getStreamRegistry, SSE_MAX_QUEUED_BYTES, SSE_MAX_STREAMS_PER_USER } from "@/lib/events/sse-limits";
import { FLUSH_BYTES } from "@/lib/events/sse-hub";
import { getBus } from "@/lib/runtime";
import { call, callJson, expectError, SECRETS, startApiHarness, type ApiHarness } from "../support/api-harness";
import { serveRoute, type RouteServer } from "../support/route-server";
import { waitUntil } from "../support/wait";

// GET /api/events through a real socket (issue 10, bug 3): a client that sends its request and then stops
// reading must be cut off once the server holds SSE_MAX_QUEUED_BYTES for it, while events keep coming.
// Coalescing per client (docs/live-updates.md): component events published while a client's socket is full
// reach it as the newest state per component; a client that keeps up gets every one; both get every
// timeline note, in order.

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
      // Many components: one component's events coalesce, so only distinct ones grow the queue.
      for (let i = 0; i < 25; i += 1) getBus().publish({ type: "component", id: 0, data: { id: `api-${(published += 1)}`, status: "down", padding: PADDING } });
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

interface Received {
  event: string;
  data: { id?: string; n?: number; text?: string };
}

/** An HTTP client on the stream that parses every event; `pause` stops reading (its socket fills up). */
async function openClient() {
  const received: Received[] = [];
  let buffer = "";
  const { request, response } = await new Promise<{ request: http.ClientRequest; response: http.IncomingMessage }>((resolve, reject) => {
    const request = http.get({ port: server.port, host: "127.0.0.1", path: "/api/events", agent: false, headers: { authorization: `Bearer ${SECRETS.viewer}` } }, (response) =>
      resolve({ request, response }),
    );
    request.on("error", reject);
  });
  expect(response.statusCode).toBe(200);
  response.setEncoding("utf8");
  response.on("data", (chunk: string) => {
    buffer += chunk;
    const blocks = buffer.split("\n\n");
    buffer = blocks.pop()!;
    for (const block of blocks) {
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = block.split("\n").filter((line) => line.startsWith("data: ")).map((line) => line.slice(6)).join("\n");
      if (event) received.push({ event, data: JSON.parse(data) as Received["data"] });
    }
  });
  return { received, pause: () => response.pause(), resume: () => response.resume(), close: () => request.destroy() };
}

const COMPONENTS = ["c1", "c2", "c3", "c4", "c5"];
const ROUNDS = 12;
const componentEvents = (received: Received[], id: string) => received.filter((entry) => entry.event === "component" && entry.data.id === id).map((entry) => entry.data.n);
const notes = (received: Received[]) => received.filter((entry) => entry.event === "timeline" && entry.data.text?.startsWith("round ")).map((entry) => entry.data.text);

describe("GET /api/events coalescing per client", () => {
  it("gives a reader that fell behind the newest state per component, a reader that keeps up every event, and both every note in order", async () => {
    const closesBefore = getStreamRegistry().slowReaderCloses();
    const fast = await openClient();
    const slow = await openClient();
    slow.pause();
    try {
      // Fill the slow client's socket buffers: distinct components, so nothing coalesces, until both streams
      // hold more than two readers that keep up ever would (64 kB each, plus one poll's 32 kB of fillers).
      const padding = "x".repeat(4_000);
      let filler = 0;
      const fill = () => {
        for (let i = 0; i < 8; i += 1) getBus().publish({ type: "component", id: 0, data: { id: `filler-${(filler += 1)}`, padding } });
        return getStreamRegistry().queuedBytes();
      };
      await waitUntil(fill, (queued) => queued > 300_000, 20_000, "the slow client's socket is full");
      // In lock step with the fast client, so that it gets each round before the next is published.
      for (let n = 1; n <= ROUNDS; n += 1) {
        for (const id of COMPONENTS) getBus().publish({ type: "component", id: 0, data: { id, status: "operational", n } });
        await callJson(timeline.POST, { method: "POST", path: "/api/timeline", as: "infra", body: { type: "note", text: `round ${n}` } }, 201);
        const got = () => notes(fast.received).length === n && componentEvents(fast.received, "c5").at(-1) === n;
        await waitUntil(got, Boolean, 5_000, `the fast client gets round ${n}`);
      }
      slow.resume();
      const caughtUp = () => notes(slow.received).length === ROUNDS && COMPONENTS.every((id) => componentEvents(slow.received, id).at(-1) === ROUNDS);
      await waitUntil(caughtUp, Boolean, 20_000, "the slow client catches up");

      const everyRound = Array.from({ length: ROUNDS }, (_, index) => index + 1);
      for (const id of COMPONENTS) {
        expect(componentEvents(fast.received, id)).toEqual(everyRound);
        // Behind for the whole story: one event, the newest.
        expect(componentEvents(slow.received, id)).toEqual([ROUNDS]);
      }
      const everyNote = everyRound.map((n) => `round ${n}`);
      expect(notes(fast.received)).toEqual(everyNote);
      expect(notes(slow.received)).toEqual(everyNote);
      // The slow client was behind, not cut off: it got every filler it was sent, and is still connected.
      expect(getStreamRegistry().slowReaderCloses()).toBe(closesBefore);
      expect(getStreamRegistry().count()).toBe(2);
    } finally {
      fast.close();
      slow.close();
    }
  });
});
