import http, { type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { pipeToNodeResponse } from "next/dist/server/pipe-readable";
import { afterEach, describe, expect, it } from "vitest";
import { createLocalBus, type BusEvent } from "@/lib/events/bus";
import { SSE_HEADERS } from "@/lib/events/sse";
import { createEventStream, type EventStream, type StreamEnd } from "@/lib/events/sse-stream";
import { waitUntil } from "../support/wait";

// Direct writes (docs/live-updates.md): the first chunk of a stream goes through Next's own response pipe
// (pipeToNodeResponse, which sends the headers), later chunks to the Node response itself, with its `drain`
// as the pull. Over real loopback sockets: the bytes arrive whole and in order, a reader that stops reading
// pushes back and is cut off, and ending the stream still ends the response through the pipe.

const bus = createLocalBus();
let server: http.Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
});

/** A server whose one request gets an event stream on its response; resolves with its port and the stream. */
async function serveStream(options: { maxQueuedBytes?: number } = {}) {
  const abort = new AbortController();
  const ends: StreamEnd[] = [];
  let live: EventStream | undefined;
  let response: ServerResponse | undefined;
  server = http.createServer((_req, res) => {
    response = res;
    res.once("close", () => abort.abort());
    live = createEventStream({ bus, lastEventId: null, replay: async () => [], signal: abort.signal, response: res, onEnd: (reason) => ends.push(reason), ...options });
    res.writeHead(200, SSE_HEADERS);
    void pipeToNodeResponse(live.stream, res);
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return { port: (server.address() as AddressInfo).port, abort, ends, live: () => live!, response: () => response! };
}

/** A client that keeps the whole body as text; `paused` starts it without reading. */
async function connect(port: number, paused = false) {
  const state = { text: "", ended: false };
  const { request, response } = await new Promise<{ request: http.ClientRequest; response: http.IncomingMessage }>((resolve, reject) => {
    const request = http.get({ port, host: "127.0.0.1", path: "/", agent: false }, (response) => resolve({ request, response }));
    request.on("error", reject);
  });
  response.setEncoding("utf8");
  if (paused) response.pause();
  response.on("data", (chunk: string) => (state.text += chunk));
  response.on("end", () => (state.ended = true));
  response.on("error", () => {});
  return { state, response, close: () => request.destroy() };
}

const component = (id: string, padding = ""): BusEvent => ({ type: "component", id: 0, data: { id, padding } });
const timeline = (id: number): BusEvent => ({ type: "timeline", id, data: { id, text: `note ${id}` } });
/** The ids in the `data:` lines of the whole events received so far. */
const events = (text: string) => [...text.slice(0, text.lastIndexOf("\n\n")).matchAll(/^data: (.*)$/gm)].map((match) => (JSON.parse(match[1]!) as { id: string | number }).id);

describe("SSE stream with direct writes", () => {
  it("writes to the socket after the first chunk, in publish order, and ends the response through the pipe", async () => {
    const served = await serveStream();
    const client = await connect(served.port);
    await waitUntil(() => client.state.text, (text) => text.includes(": connected"), 5_000, "the first chunk");
    await waitUntil(() => served.live().writesDirectly(), Boolean, 5_000, "the switch to direct writes");
    for (let round = 1; round <= 5; round += 1) {
      bus.publish(component(`a${round}`));
      bus.publish(component(`b${round}`));
      bus.publish(timeline(round));
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const expected = [1, 2, 3, 4, 5].flatMap((round) => [`a${round}`, `b${round}`, round]);
    await waitUntil(() => events(client.state.text), (got) => got.length === expected.length, 5_000, "every event");
    expect(events(client.state.text)).toEqual(expected);
    served.abort.abort();
    await waitUntil(() => client.state.ended, Boolean, 5_000, "the response ends");
    expect(served.ends).toEqual(["aborted"]);
  });

  it("holds what a full socket did not take, and writes it when the socket drains", async () => {
    const served = await serveStream();
    const client = await connect(served.port);
    await waitUntil(() => served.live().writesDirectly(), Boolean, 5_000, "the switch to direct writes");
    client.response.pause();
    const padding = "x".repeat(8_000);
    let published = 0;
    // Until the socket is full and the writer holds the rest (distinct components: nothing coalesces).
    await waitUntil(
      async () => {
        for (let i = 0; i < 10; i += 1) bus.publish(component(`f${(published += 1)}`, padding));
        await new Promise((resolve) => setImmediate(resolve)); // past the writer's flush
        return served.live().queuedBytes();
      },
      (queued) => queued > 0,
      20_000,
      "the writer holds bytes",
    );
    bus.publish(component("last"));
    client.response.resume();
    await waitUntil(() => events(client.state.text).at(-1), (last) => last === "last", 10_000, "the last event after drain");
    expect(served.ends).toEqual([]);
    client.close();
  });

  it("waits for drain while the socket is full, and cuts off a reader that stays behind", async () => {
    const served = await serveStream({ maxQueuedBytes: 256 * 1024 });
    const client = await connect(served.port);
    await waitUntil(() => served.live().writesDirectly(), Boolean, 5_000, "the switch to direct writes");
    client.response.pause();
    const padding = "x".repeat(8_000);
    let published = 0;
    const publisher = setInterval(() => {
      for (let i = 0; i < 10; i += 1) bus.publish(component(`c${(published += 1)}`, padding));
    }, 10);
    try {
      await waitUntil(() => served.ends, (ends) => ends.length > 0, 20_000, "the stream ends");
    } finally {
      clearInterval(publisher);
    }
    expect(served.ends).toEqual(["slow-reader"]);
    // What the socket did not take stayed in the writer (bounded), not in the response's own buffer.
    expect(served.response().writableLength).toBeLessThan(256 * 1024);
    client.close();
  });
});
