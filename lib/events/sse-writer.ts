import "server-only";
import { createThrottle } from "../throttle";
import { createCoalescingQueue, type QueuedFrame } from "./coalesce";

// When and what one SSE stream writes (docs/live-updates.md). Frames wait in a coalescing queue
// (lib/events/coalesce.ts) and go out as one chunk per flush:
// - a frame without a key (timeline, incident, criterion, test-run, comments) is flushed on the next turn of
//   the event loop (setImmediate), so what one tick published (a transition's timeline and component
//   events) still goes out together;
// - component frames wait at most FLUSH_MS (100 ms: 10 writes/s per client at 200 events/s instead of 200;
//   50 ms cost 0.1 core more at 1,000 clients and the instance no longer probed 200/s: docs/live-updates.md);
// - nothing is handed over until the consumer asks for it (ReadableStream `pull`, which Next's response
//   pipe calls only once the socket took the previous chunk): while the socket is not drained, the queue
//   keeps coalescing, and the reader gets the newest state per component when it catches up.
// A reader that stays behind is cut off: more than maxQueuedBytes held (the timeline never coalesces), or
// nothing taken for maxBehindMs while something waits (a stalled socket that only component events reach).

/** The longest a component frame waits for its chunk while the reader keeps up. */
export const FLUSH_MS = 100;
/** Handed over at once when the queue holds this much, whatever the time (so one chunk is at most about this). */
export const FLUSH_BYTES = 64 * 1024;

/** What the writer needs of its stream. */
export interface StreamWriterOptions {
  /** Hands a chunk to the stream; false when the stream is gone (the writer stops). */
  enqueue(chunk: Uint8Array): boolean;
  /** The reader stayed behind: the stream ends as a slow reader. */
  onSlow(): void;
  maxQueuedBytes: number;
  maxBehindMs: number;
  now?: () => number;
}

/** One stream's writer: `write` queues a frame, `pull` says the consumer wants the next chunk. */
export interface StreamWriter {
  write(frame: QueuedFrame): void;
  pull(): void;
  /** Bytes queued and not yet handed over. */
  queuedBytes(): number;
  /** Frames dropped because a newer one of the same component × location replaced them. */
  replaced(): number;
  /** Stops the timers and drops the queue. */
  close(): void;
}

/** A writer for one stream; see the header. */
export function createStreamWriter(options: StreamWriterOptions): StreamWriter {
  const now = options.now ?? Date.now;
  const queue = createCoalescingQueue();
  let wanted = false;
  let behindSince: number | null = null;
  let immediate: ReturnType<typeof setImmediate> | undefined;
  let closed = false;

  const flush = () => {
    clearImmediate(immediate);
    immediate = undefined;
    if (closed || queue.bytes() === 0) return;
    if (!wanted) {
      behindSince ??= now();
      return;
    }
    const frames = queue.take();
    wanted = false;
    if (!options.enqueue(frames.length === 1 ? frames[0]! : Buffer.concat(frames))) close();
  };
  const throttle = createThrottle(flush, FLUSH_MS, 0, now);
  const soon = () => void (immediate ??= setImmediate(flush));

  function close() {
    closed = true;
    throttle.cancel();
    clearImmediate(immediate);
    queue.take();
  }

  return {
    write(frame) {
      if (closed) return;
      queue.push(frame);
      const behind = behindSince !== null && now() - behindSince > options.maxBehindMs;
      if (queue.bytes() > options.maxQueuedBytes || behind) return options.onSlow();
      if (frame.key === null || (wanted && queue.bytes() >= FLUSH_BYTES)) soon();
      else throttle.request();
    },
    pull() {
      // A flush that came due while the socket was busy runs now; component frames that are still within
      // their window wait for it (the pull comes back a tick after each write: flushing at once here wrote
      // once per tick under load).
      const due = behindSince !== null;
      wanted = true;
      behindSince = null;
      if (due || queue.urgent()) soon();
      else if (queue.bytes() > 0) throttle.request();
    },
    queuedBytes: () => (closed ? 0 : queue.bytes()),
    replaced: () => queue.replaced(),
    close,
  };
}
