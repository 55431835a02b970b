import "server-only";
import { LIVE_DATA_EVENT_TYPES } from "../types";
import { createThrottle } from "../throttle";
import type { BusEvent, EventBus } from "./bus";
import { coalesceKey, createCoalescingQueue, type QueuedFrame } from "./coalesce";
import { encodeEvent } from "./sse";

// The one bus subscription of every SSE stream of this process (docs/live-updates.md). Component events
// (200/s at 2,000 components every 10 s) do not go to each stream one by one: they wait here, coalesced per
// component × location, and once per flush window the batch is concatenated once and handed to every stream
// as the same bytes, so a stream that keeps up does one write per window and no per-event work. A stream that is
// behind takes the batch frame by frame into its own coalescing queue (lib/events/sse-writer.ts).
// Every other event goes to each stream as before (its timeline order, session end); one that streams write
// first hands out the waiting batch, so publish order holds and both go out in the same write.

/** The shortest flush window (a few tabs: the browser applies live updates at most every 200 ms anyway). */
export const FLUSH_MIN_MS = 25;
/** The longest flush window, whatever the number of streams. */
export const FLUSH_MAX_MS = 100;
/** The socket writes per second the window aims at, over every stream of the process. */
const FLUSH_WRITES_PER_SECOND = 20_000;

/**
 * The flush window: the longest a component event waits for its batch (none after a quiet spell). It grows
 * with the audience so that the writes stay within FLUSH_WRITES_PER_SECOND (one write per stream per
 * window): 25 ms up to 500 streams, 50 ms at 1,000 (the default cap of streams), at most 100 ms. The socket
 * write is the fan-out's largest cost (docs/live-updates.md); a short window for a few tabs costs little.
 */
export function flushWindowMs(streams: number): number {
  return Math.min(FLUSH_MAX_MS, Math.max(FLUSH_MIN_MS, (streams * 1000) / FLUSH_WRITES_PER_SECOND));
}

/** A batch goes out at once when it holds this much, whatever the time (so one chunk is at most about this). */
export const FLUSH_BYTES = 64 * 1024;

/** What a stream gives the hub. */
export interface HubMember {
  /** Every bus event but `component`. */
  onEvent(event: BusEvent): void;
  /**
   * One batch of component frames, in order, and the same frames as one chunk (shared by every member);
   * `last`: nothing follows it in this turn of the event loop (false: an event the streams write comes next).
   */
  onBatch(frames: QueuedFrame[], chunk: Uint8Array, last: boolean): void;
}

/** The hub of one bus: `join` returns the leave function. */
export interface FanOutHub {
  join(member: HubMember): () => void;
}

const encoder = new TextEncoder();
const frames = new WeakMap<BusEvent, QueuedFrame>();
const WRITTEN = new Set<string>(LIVE_DATA_EVENT_TYPES);

/** The wire bytes and coalescing key of a bus event, made on first use and shared by every stream. */
export function frameOf(event: BusEvent): QueuedFrame {
  let frame = frames.get(event);
  if (!frame) {
    const id = event.type === "timeline" ? event.id : undefined;
    frame = { key: coalesceKey(event.type, event.data), bytes: encoder.encode(encodeEvent({ id, event: event.type, data: event.data })) };
    frames.set(event, frame);
  }
  return frame;
}

/** A hub on `bus`; it subscribes while it has members. */
export function createFanOutHub(bus: EventBus): FanOutHub {
  const members = new Set<HubMember>();
  const queue = createCoalescingQueue();
  let unsubscribe: (() => void) | null = null;

  const flush = (last = true) => {
    if (queue.bytes() === 0) return;
    const batch = queue.take();
    const chunk = batch.length === 1 ? batch[0]!.bytes : Buffer.concat(batch.map((frame) => frame.bytes));
    for (const member of members) member.onBatch(batch, chunk, last);
  };
  const throttle = createThrottle(flush, () => flushWindowMs(members.size));
  const onEvent = (event: BusEvent) => {
    if (event.type === "component") {
      queue.push(frameOf(event));
      return queue.bytes() >= FLUSH_BYTES ? flush() : throttle.request();
    }
    if (WRITTEN.has(event.type)) flush(false);
    for (const member of members) member.onEvent(event);
  };

  return {
    join(member) {
      members.add(member);
      unsubscribe ??= bus.subscribe(onEvent);
      return () => {
        members.delete(member);
        if (members.size > 0 || !unsubscribe) return;
        unsubscribe();
        unsubscribe = null;
        throttle.cancel();
        queue.take();
      };
    },
  };
}

const hubs = new WeakMap<EventBus, FanOutHub>();

/** The hub of `bus`, made on first use. */
export function getFanOutHub(bus: EventBus): FanOutHub {
  let hub = hubs.get(bus);
  if (!hub) hubs.set(bus, (hub = createFanOutHub(bus)));
  return hub;
}
