import { DEFAULT_LOCATION } from "../locations";

// What one SSE stream holds between two writes (docs/live-updates.md). A `component` event only says what
// one component at one location looks like now, so a newer one makes the older one useless: the queue keeps
// the newest per component × location, at the newest one's place. Every other event (timeline, incident,
// criterion, test-run, resync, comments) has no key, is never dropped and keeps its order. So a reader that
// falls behind gets the current state of each cell plus every timeline entry, and its backlog is bounded by
// the number of cells rather than by how long it lagged. Pure: no timers, no I/O (tests/unit/sse-coalesce.test.ts).

/** The key under which a newer event replaces an older one; null: the event is never replaced. */
export function coalesceKey(type: string, data: unknown): string | null {
  if (type !== "component" || typeof data !== "object" || data === null) return null;
  const { id, location } = data as { id?: unknown; location?: unknown };
  if (typeof id !== "string") return null;
  return `${id}\n${typeof location === "string" ? location : DEFAULT_LOCATION}`;
}

/** One encoded event waiting to be written, with its coalescing key. */
export interface QueuedFrame {
  key: string | null;
  bytes: Uint8Array;
}

/** The unwritten frames of one stream, newest per key. */
export interface CoalescingQueue {
  push(frame: QueuedFrame): void;
  /** Every frame still held, in order, and empties the queue. */
  take(): QueuedFrame[];
  /** Bytes held. */
  bytes(): number;
  /** Frames replaced by a newer one of the same key since creation. */
  replaced(): number;
}

/** An empty queue. */
export function createCoalescingQueue(): CoalescingQueue {
  let slots: (QueuedFrame | null)[] = [];
  let positions = new Map<string, number>();
  let [held, live, replaced] = [0, 0, 0];

  /** Drops the replaced slots once they are half the array, so a long lag does not grow it without bound. */
  const compact = () => {
    if (slots.length < 64 || live * 2 > slots.length) return;
    slots = slots.filter((slot) => slot !== null);
    positions = new Map();
    slots.forEach((slot, index) => slot!.key !== null && positions.set(slot!.key, index));
  };

  return {
    push(frame) {
      if (frame.key !== null) {
        const at = positions.get(frame.key);
        if (at !== undefined) {
          held -= slots[at]!.bytes.byteLength;
          slots[at] = null;
          live -= 1;
          replaced += 1;
        }
        positions.set(frame.key, slots.length);
      }
      slots.push(frame);
      held += frame.bytes.byteLength;
      live += 1;
      compact();
    },
    take() {
      const frames: QueuedFrame[] = [];
      for (const slot of slots) if (slot) frames.push(slot);
      slots = [];
      positions = new Map();
      [held, live] = [0, 0];
      return frames;
    },
    bytes: () => held,
    replaced: () => replaced,
  };
}
