import "server-only";
import { createCoalescingQueue, type QueuedFrame } from "./coalesce";

// When and what one SSE stream writes (docs/live-updates.md). Frames wait in a coalescing queue
// (lib/events/coalesce.ts) and go out as one chunk per flush, on the next turn of the event loop (setImmediate),
// so what one tick queued (a batch of component events and the timeline entry published after it) goes out
// together. The flush window of component events is not kept here: the hub (lib/events/sse-hub.ts) hands
// every stream one batch per window, as one chunk shared by every stream that keeps up.
// Nothing is handed over until the consumer asks for it (`pull`: the socket took the previous chunk); until
// then the queue keeps coalescing, and the reader gets the newest state per component when it catches up.
// A reader that stays behind is cut off: more than maxQueuedBytes held (the timeline never coalesces), or
// nothing taken for maxBehindMs while something waits (a stalled socket that only component events reach).

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

/** One stream's writer: `write` queues a frame, `batch` a batch of the hub, `pull` says the consumer wants the next chunk. */
export interface StreamWriter {
  write(frame: QueuedFrame): void;
  /**
   * A hub batch: its shared chunk when nothing else waits and the reader is ready (at once when `last`, else
   * with what follows on the next tick), else frame by frame (coalescing).
   */
  batch(frames: QueuedFrame[], chunk: Uint8Array, last: boolean): void;
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
    if (!options.enqueue(frames.length === 1 ? frames[0]!.bytes : Buffer.concat(frames.map((frame) => frame.bytes)))) close();
  };
  const soon = () => void (immediate ??= setImmediate(flush));
  /** After frames were queued: the bounds, then a flush (it waits for the reader when it is not ready). */
  const queued = () => {
    const behind = behindSince !== null && now() - behindSince > options.maxBehindMs;
    if (queue.bytes() > options.maxQueuedBytes || behind) return options.onSlow();
    soon();
  };

  function close() {
    closed = true;
    clearImmediate(immediate);
    queue.take();
  }

  return {
    write(frame) {
      if (closed) return;
      queue.push(frame);
      queued();
    },
    batch(frames, chunk, last) {
      if (closed) return;
      // A caught-up reader takes the shared bytes as they are (no setImmediate per stream when nothing follows);
      // one that is behind coalesces them with its backlog.
      if (wanted && queue.bytes() === 0) {
        queue.push({ key: null, bytes: chunk });
        return last ? flush() : soon();
      }
      for (const frame of frames) queue.push(frame);
      queued();
    },
    pull() {
      wanted = true;
      behindSince = null;
      if (queue.bytes() > 0) soon();
    },
    queuedBytes: () => (closed ? 0 : queue.bytes()),
    replaced: () => queue.replaced(),
    close,
  };
}
