import { describe, expect, it } from "vitest";
import { CRITERIA_EVALUATED, createLocalBus, type BusEvent, type EventBus } from "@/lib/events/bus";
import type { QueuedFrame } from "@/lib/events/coalesce";
import { createFanOutHub, FLUSH_BYTES, FLUSH_MAX_MS, FLUSH_MIN_MS, flushWindowMs } from "@/lib/events/sse-hub";

// The hub batches component events once for every stream (docs/live-updates.md): one batch per window,
// the same bytes for every member, and a written non-component event hands out the waiting batch first.

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const component = (id: string, n: number, padding = ""): BusEvent => ({ type: "component", id: 0, data: { id, n, padding } });
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const ids = (frames: QueuedFrame[]) => frames.map((frame) => (JSON.parse(text(frame.bytes).split("data: ")[1]!) as { id: string; n: number }))
  .map(({ id, n }) => `${id}${n}`);

/** A member that logs what it gets: `batch a1 b1` (`+`: an event follows in this tick) or `event timeline`. */
function member() {
  const log: string[] = [];
  const chunks: Uint8Array[] = [];
  return {
    log,
    chunks,
    onEvent: (event: BusEvent) => void log.push(`event ${event.type}`),
    onBatch: (frames: QueuedFrame[], chunk: Uint8Array, last: boolean) => void (log.push(`batch ${ids(frames).join(" ")}${last ? "" : " +"}`), chunks.push(chunk)),
  };
}

/** The local bus, counting its subscriptions. */
function countingBus() {
  const bus = createLocalBus();
  let subscribed = 0;
  const counted: EventBus = {
    publish: bus.publish,
    subscribe(listener) {
      subscribed += 1;
      const unsubscribe = bus.subscribe(listener);
      return () => (unsubscribe(), (subscribed -= 1));
    },
  };
  return { bus: counted, subscribed: () => subscribed };
}

describe("flushWindowMs", () => {
  it.each([
    [1, FLUSH_MIN_MS],
    [500, 25],
    [1_000, 50],
    [1_500, 75],
    [5_000, FLUSH_MAX_MS],
  ])("%i streams → %i ms", (streams, ms) => {
    expect(flushWindowMs(streams)).toBe(ms);
  });
});

describe("createFanOutHub", () => {
  it("hands every member one coalesced batch per window, as the same chunk", async () => {
    const { bus } = countingBus();
    const hub = createFanOutHub(bus);
    const [one, two] = [member(), member()];
    hub.join(one);
    hub.join(two);
    bus.publish(component("a", 1));
    bus.publish(component("b", 1));
    bus.publish(component("a", 2));
    expect(one.log).toEqual([]); // not within the publishing task
    await sleep(5); // after a quiet spell: at once
    expect(one.log).toEqual(["batch b1 a2"]);
    expect(two.chunks[0]).toBe(one.chunks[0]); // encoded and concatenated once
    expect(text(one.chunks[0]!)).toBe(`event: component\ndata: ${JSON.stringify({ id: "b", n: 1, padding: "" })}\n\nevent: component\ndata: ${JSON.stringify({ id: "a", n: 2, padding: "" })}\n\n`);
    bus.publish(component("c", 1));
    await sleep(flushWindowMs(2) / 4);
    expect(one.log).toEqual(["batch b1 a2"]); // within the window: waits
    await sleep(flushWindowMs(2) * 2);
    expect(one.log).toEqual(["batch b1 a2", "batch c1"]);
  });

  it("hands out the waiting batch before an event that streams write, not before a server-only signal", () => {
    const { bus } = countingBus();
    const hub = createFanOutHub(bus);
    const one = member();
    const leave = hub.join(one);
    bus.publish(component("a", 1));
    bus.publish({ type: CRITERIA_EVALUATED, id: 0, data: null });
    bus.publish({ type: "timeline", id: 7, data: { text: "note" } });
    bus.publish({ type: "incident", id: 0, data: { state: "remediating" } });
    expect(one.log).toEqual([`event ${CRITERIA_EVALUATED}`, "batch a1 +", "event timeline", "event incident"]);
    leave();
  });

  it("hands out a batch at once when it reaches FLUSH_BYTES", () => {
    const { bus } = countingBus();
    const hub = createFanOutHub(bus);
    const one = member();
    const leave = hub.join(one);
    const padding = "x".repeat(FLUSH_BYTES / 4);
    for (let n = 0; n < 4; n += 1) bus.publish(component(`c${n}-`, 1, padding));
    expect(one.log).toEqual(["batch c0-1 c1-1 c2-1 c3-1"]);
    leave();
  });

  it("subscribes to the bus once, while it has members", async () => {
    const { bus, subscribed } = countingBus();
    const hub = createFanOutHub(bus);
    const [one, two] = [member(), member()];
    const leaveOne = hub.join(one);
    const leaveTwo = hub.join(two);
    expect(subscribed()).toBe(1);
    leaveOne();
    expect(subscribed()).toBe(1);
    bus.publish(component("a", 1));
    leaveTwo();
    expect(subscribed()).toBe(0);
    await sleep(5);
    expect(two.log).toEqual([]); // what waited is dropped with the last member
  });
});
