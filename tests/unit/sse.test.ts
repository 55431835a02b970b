import { describe, expect, it } from "vitest";
import { createLocalBus, type BusEvent } from "@/lib/events/bus";
import { encodeComment, encodeEvent, encodeRetry, readLastEventId, SSE_HEADERS } from "@/lib/events/sse";
import { createEventStream } from "@/lib/events/sse-stream";

describe("encodeEvent", () => {
  it.each([
    [{ id: 7, event: "component", data: { id: "redis", status: "down" } }, 'id: 7\nevent: component\ndata: {"id":"redis","status":"down"}\n\n'],
    [{ data: "plain" }, "data: plain\n\n"],
    [{ event: "note", data: "two\nlines" }, "event: note\ndata: two\ndata: lines\n\n"],
    [{ id: "1\n2", event: "x\ry", data: null }, "id: 12\nevent: xy\ndata: null\n\n"],
  ])("%j", (message, expected) => {
    expect(encodeEvent(message)).toBe(expected);
  });

  it("writes comments and retry lines that end the block", () => {
    expect(encodeComment("ping")).toBe(": ping\n\n");
    expect(encodeComment("a\nb")).toBe(": a b\n\n");
    expect(encodeRetry(1000.4)).toBe("retry: 1000\n\n");
  });

  it("asks for no caching, no buffering and no transform", () => {
    expect(SSE_HEADERS).toMatchObject({ "Content-Type": expect.stringMatching(/^text\/event-stream/), "Cache-Control": "no-cache, no-transform", "X-Accel-Buffering": "no" });
  });
});

describe("readLastEventId", () => {
  it.each([
    [{ "last-event-id": "42" }, "", 42],
    [{}, "?lastEventId=9", 9],
    [{ "last-event-id": "5" }, "?lastEventId=9", 5],
    [{}, "", null],
    [{ "last-event-id": "-1" }, "", null],
    [{ "last-event-id": "abc" }, "", null],
  ])("headers %j query %s → %s", (headers, query, expected) => {
    expect(readLastEventId(new Request(`http://x/api/events${query}`, { headers }))).toBe(expected);
  });
});

/** Reads the stream until `until` matches the text so far, or the time limit passes. */
async function readUntil(stream: ReadableStream<Uint8Array>, until: (text: string) => boolean, ms = 2_000) {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let text = "";
  const deadline = Date.now() + ms;
  while (!until(text) && Date.now() < deadline) {
    const chunk = await Promise.race([reader.read(), new Promise<null>((resolve) => setTimeout(() => resolve(null), deadline - Date.now()))]);
    if (!chunk || chunk.done) break;
    text += decoder.decode(chunk.value);
  }
  reader.releaseLock();
  return text;
}

const ids = (text: string, type: string) => [...text.matchAll(new RegExp(`id: (\\d+)\\nevent: ${type}\\n`, "g"))].map((match) => Number(match[1]));
const timeline = (id: number): BusEvent => ({ type: "timeline", id, data: { id } });

describe("createEventStream", () => {
  it("forwards bus events live and cleans up on abort", async () => {
    const bus = createLocalBus();
    const abort = new AbortController();
    let listeners = 0;
    const counted = { publish: bus.publish, subscribe: (fn: (event: BusEvent) => void) => (listeners++, ((off) => () => (listeners--, off()))(bus.subscribe(fn))) };
    const stream = createEventStream({ bus: counted, lastEventId: null, replay: async () => [], signal: abort.signal });
    setTimeout(() => bus.publish({ type: "component", id: 3, data: { id: "redis" } }), 10);
    const text = await readUntil(stream, (so) => so.includes("event: component"));
    expect(text).toContain('id: 3\nevent: component\ndata: {"id":"redis"}\n\n');
    expect(listeners).toBe(1);
    abort.abort();
    expect(listeners).toBe(0);
  });

  it("replays after Last-Event-ID, then live events, with no gap and no duplicate", async () => {
    const bus = createLocalBus();
    const abort = new AbortController();
    // Entries 6 and 7 are committed and published while the replay query runs: the replay sees 6, the bus both.
    const replay = async (afterId: number) => {
      expect(afterId).toBe(4);
      bus.publish(timeline(6));
      bus.publish({ type: "component", id: 6, data: { id: "redis" } });
      bus.publish(timeline(7));
      return [timeline(5), timeline(6)];
    };
    const stream = createEventStream({ bus, lastEventId: 4, replay, signal: abort.signal });
    setTimeout(() => bus.publish(timeline(8)), 20);
    const text = await readUntil(stream, (so) => so.includes("id: 8\n"));
    abort.abort();
    expect(ids(text, "timeline")).toEqual([5, 6, 7, 8]);
    expect(ids(text, "component")).toEqual([6]);
  });

  it("sends a heartbeat comment", async () => {
    const abort = new AbortController();
    const stream = createEventStream({ bus: createLocalBus(), lastEventId: null, replay: async () => [], signal: abort.signal, heartbeatMs: 20 });
    expect(await readUntil(stream, (so) => so.includes(": ping"))).toContain(": ping\n\n");
    abort.abort();
  });

  it("asks the client to resync when the replay fails, and stays live", async () => {
    const bus = createLocalBus();
    const abort = new AbortController();
    const stream = createEventStream({ bus, lastEventId: 1, replay: async () => Promise.reject(new Error("db down")), signal: abort.signal });
    setTimeout(() => bus.publish(timeline(2)), 20);
    const text = await readUntil(stream, (so) => so.includes("id: 2\n"));
    abort.abort();
    expect(text).toContain("event: resync");
    expect(ids(text, "timeline")).toEqual([2]);
  });

  it("unsubscribes when the reader cancels", async () => {
    const bus = createLocalBus();
    let listeners = 0;
    const counted = { publish: bus.publish, subscribe: (fn: (event: BusEvent) => void) => (listeners++, ((off) => () => (listeners--, off()))(bus.subscribe(fn))) };
    const stream = createEventStream({ bus: counted, lastEventId: null, replay: async () => [], signal: new AbortController().signal });
    await stream.cancel();
    expect(listeners).toBe(0);
    bus.publish(timeline(1));
  });
});
