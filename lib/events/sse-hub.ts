import "server-only";
import { LIVE_DATA_EVENT_TYPES } from "../types";
import { createThrottle } from "../throttle";
import type { BusEvent, EventBus } from "./bus";
import { coalesceKey, createCoalescingQueue, type QueuedFrame } from "./coalesce";
import { encodeEvent } from "./sse";

// The one bus subscription of every SSE stream of this process (docs/live-updates.md). Component events
// (200/s at 2,000 components every 10 s) do not go to each stream one by one: they wait here, coalesced per
// component × location, and every FLUSH_MS the batch is concatenated once and handed to every stream as the
// same bytes, so a stream that keeps up does one write per window and no per-event work. A stream that is
// behind takes the batch frame by frame into its own coalescing queue (lib/events/sse-writer.ts).
// Every other event goes to each stream as before (its timeline order, session end); one that streams write
// first hands out the waiting batch, so publish order holds and both go out in the same write.

/** The longest a component event waits for its batch (the window starts at the first one after a quiet spell). */
export const FLUSH_MS = 100;

/** A batch goes out at once when it holds this much, whatever the time (so one chunk is at most about this). */
export const FLUSH_BYTES = 64 * 1024;

/** What a stream gives the hub. */
export interface HubMember {
  /** Every bus event but `component`. */
  onEvent(event: BusEvent): void;
  /** One batch of component frames, in order, and the same frames as one chunk (shared by every member). */
  onBatch(frames: QueuedFrame[], chunk: Uint8Array): void;
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

  const flush = () => {
    if (queue.bytes() === 0) return;
    const batch = queue.take();
    const chunk = batch.length === 1 ? batch[0]!.bytes : Buffer.concat(batch.map((frame) => frame.bytes));
    for (const member of members) member.onBatch(batch, chunk);
  };
  const throttle = createThrottle(flush, FLUSH_MS);
  const onEvent = (event: BusEvent) => {
    if (event.type === "component") {
      queue.push(frameOf(event));
      return queue.bytes() >= FLUSH_BYTES ? flush() : throttle.request();
    }
    if (WRITTEN.has(event.type)) flush();
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
