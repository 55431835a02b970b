import { describe, expect, it } from "vitest";
import { createLocalBus, SESSION_ENDED, type BusEvent } from "@/lib/events/bus";
import { encodeComment, encodeEvent, encodeRetry, readLastEventId, SSE_HEADERS } from "@/lib/events/sse";
import { createEventStream } from "@/lib/events/sse-stream";
import { readUntil } from "@/tests/support/sse-read";

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

const ids = (text: string, type: string) => [...text.matchAll(new RegExp(`id: (\\d+)\\nevent: ${type}\\n`, "g"))].map((match) => Number(match[1]));
const timeline = (id: number): BusEvent => ({ type: "timeline", id, data: { id } });

describe("createEventStream", () => {
  it("forwards bus events live and cleans up on abort", async () => {
    const bus = createLocalBus();
    const abort = new AbortController();
    let listeners = 0;
    const counted = { publish: bus.publish, subscribe: (fn: (event: BusEvent) => void) => (listeners++, ((off) => () => (listeners--, off()))(bus.subscribe(fn))) };
    const stream = createEventStream({ bus: counted, lastEventId: null, replay: async () => [], signal: abort.signal }).stream;
    setTimeout(() => bus.publish({ type: "component", id: 3, data: { id: "redis" } }), 10);
    const text = await readUntil(stream, (so) => so.includes("event: component"));
    expect(text).toContain('\n\nevent: component\ndata: {"id":"redis"}\n\n');
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
    const stream = createEventStream({ bus, lastEventId: 4, replay, signal: abort.signal }).stream;
    setTimeout(() => bus.publish(timeline(8)), 20);
    const text = await readUntil(stream, (so) => so.includes("id: 8\n"));
    abort.abort();
    expect(ids(text, "timeline")).toEqual([5, 6, 7, 8]);
    expect(text).toContain("\n\nevent: component\n");
    expect(ids(text, "component")).toEqual([]);
  });

  it("sends a heartbeat comment", async () => {
    const abort = new AbortController();
    const stream = createEventStream({ bus: createLocalBus(), lastEventId: null, replay: async () => [], signal: abort.signal, heartbeatMs: 20 }).stream;
    expect(await readUntil(stream, (so) => so.includes(": ping"))).toContain(": ping\n\n");
    abort.abort();
  });

  it("asks the client to resync when the replay fails, and stays live", async () => {
    const bus = createLocalBus();
    const abort = new AbortController();
    const stream = createEventStream({ bus, lastEventId: 1, replay: async () => Promise.reject(new Error("db down")), signal: abort.signal }).stream;
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
    const stream = createEventStream({ bus: counted, lastEventId: null, replay: async () => [], signal: new AbortController().signal }).stream;
    await stream.cancel();
    expect(listeners).toBe(0);
    bus.publish(timeline(1));
  });
});

describe("createEventStream: bounds and session end", () => {
  it("answers a resume past the replay limit with resync instead of the entries, then stays live", async () => {
    const bus = createLocalBus();
    const abort = new AbortController();
    const stored = Array.from({ length: 10 }, (_, index) => timeline(index + 1));
    const replay = async (afterId: number, limit: number) => stored.filter((event) => event.id > afterId).slice(0, limit);
    const stream = createEventStream({ bus, lastEventId: 0, replay, replayLimit: 3, signal: abort.signal }).stream;
    setTimeout(() => bus.publish(timeline(11)), 30);
    const text = await readUntil(stream, (so) => so.includes("id: 11\n"));
    abort.abort();
    expect(text).toContain('event: resync\ndata: {"reason":"replay-too-long"}\n\n');
    expect(ids(text, "timeline")).toEqual([11]);
  });

  it("replays a resume within the limit", async () => {
    const abort = new AbortController();
    const replay = async (afterId: number, limit: number) => [timeline(2), timeline(3)].filter((event) => event.id > afterId).slice(0, limit);
    const stream = createEventStream({ bus: createLocalBus(), lastEventId: 1, replay, replayLimit: 2, signal: abort.signal }).stream;
    const text = await readUntil(stream, (so) => so.includes("id: 3\n"));
    abort.abort();
    expect(text).not.toContain("resync");
    expect(ids(text, "timeline")).toEqual([2, 3]);
  });

  it("fills a gap in the timeline ids from storage and drops the late copy", async () => {
    const bus = createLocalBus();
    const abort = new AbortController();
    const reads: Array<[number, number]> = [];
    const replay = async (afterId: number, limit: number) => {
      reads.push([afterId, limit]);
      return [timeline(5), timeline(6), timeline(7)].filter((event) => event.id > afterId).slice(0, limit);
    };
    const stream = createEventStream({ bus, lastEventId: null, replay, signal: abort.signal }).stream;
    setTimeout(() => {
      bus.publish(timeline(4));
      bus.publish(timeline(7)); // 5 and 6 come from another instance, later
      setTimeout(() => (bus.publish(timeline(5)), bus.publish(timeline(6)), bus.publish(timeline(8))), 30);
    }, 10);
    const text = await readUntil(stream, (so) => so.includes("id: 8\n"));
    abort.abort();
    expect(ids(text, "timeline")).toEqual([4, 5, 6, 7, 8]);
    expect(reads).toEqual([[4, 3]]);
  });

  it.each([
    ["its session is signed out", (bus: ReturnType<typeof createLocalBus>) => bus.publish({ type: SESSION_ENDED, id: 0, data: { sid: "session-a" } }), "signed-out"],
    ["its session expires", () => {}, "expired"],
  ])("ends when %s", async (_label, act, reason) => {
    const bus = createLocalBus();
    const ended: string[] = [];
    const session = { id: "session-a", expiresAt: Date.now() + (reason === "expired" ? 100 : 60_000) };
    const stream = createEventStream({ bus, lastEventId: null, replay: async () => [], signal: new AbortController().signal, session, onEnd: (why) => ended.push(why) }).stream;
    bus.publish({ type: SESSION_ENDED, id: 0, data: { sid: "another-session" } });
    setTimeout(() => act(bus), 20);
    const reader = stream.getReader();
    const deadline = Date.now() + 5_000;
    while (!(await reader.read()).done) if (Date.now() > deadline) throw new Error("the stream did not end");
    expect(ended).toEqual([reason]);
  });

  it("errors a stream whose reader takes nothing for maxBehindMs, though its coalesced queue stays small", async () => {
    const bus = createLocalBus();
    const ended: string[] = [];
    const live = createEventStream({ bus, lastEventId: null, replay: async () => [], signal: new AbortController().signal, maxBehindMs: 100, onEnd: (why) => ended.push(why) });
    for (let i = 0; i < 20 && ended.length === 0; i += 1) {
      bus.publish({ type: "component", id: 0, data: { id: "api", n: i } });
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(live.queuedBytes()).toBeLessThan(200);
    }
    expect(ended).toEqual(["slow-reader"]);
  });

  it("errors a stream whose reader falls more than maxQueuedBytes behind, and drops its queue", async () => {
    const bus = createLocalBus();
    const ended: string[] = [];
    const live = createEventStream({ bus, lastEventId: null, replay: async () => [], signal: new AbortController().signal, maxQueuedBytes: 10_000, onEnd: (why) => ended.push(why) });
    for (let i = 0; i < 40; i += 1) bus.publish({ type: "component", id: 0, data: { id: `api-${i}`, padding: "x".repeat(1_000) } });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(ended).toEqual(["slow-reader"]);
    expect(live.queuedBytes()).toBe(0);
    await expect(live.stream.getReader().read()).rejects.toThrow(/too slow/);
  });
});
