import "server-only";
import { CRITERIA_EVALUATED, SESSION_ENDED, type BusEvent, type EventBus } from "./bus";
import { createThrottle } from "../throttle";
import { encodeComment, encodeEvent, encodeRetry } from "./sse";
import { SSE_MAX_QUEUED_BYTES, SSE_REPLAY_LIMIT } from "./sse-limits";
import { createTimelineOrder, type ReadTimeline } from "./timeline-order";

// The body of `GET /api/events`. Gap-free resume: timeline entries go through createTimelineOrder, which
// replays the Last-Event-ID resume and any gap between instances from storage, in id order. Only timeline
// entries carry `id:`: a component event's id is local to the instance that published it, and sent as
// `id:` it moved the browser's Last-Event-ID backwards.
//
// Backpressure: the stream's queue counts bytes (ByteLengthQueuingStrategy); when the reader falls
// SSE_MAX_QUEUED_BYTES behind, the stream is errored, which drops its queue at once and closes the
// connection; the browser reconnects with Last-Event-ID and catches up from storage.
//
// Fan-out cost: at 2,000 components every 10 s the bus carries 200 events/s, to every open stream. Each
// event is encoded once (the bus hands every stream the same object), and each stream writes at most
// once per FLUSH_MS: an event after a quiet spell goes out at once, a burst goes out as one chunk at the
// end of the window (10 writes/s per client instead of 200).

/** The shortest time between two writes of one stream (the fan-out delay it adds at most, under load). */
const FLUSH_MS = 100;
/** Written at once when a window gathers this much, whatever the time (so one chunk is at most about this). */
export const FLUSH_BYTES = 64 * 1024;

const encoder = new TextEncoder();
const frames = new WeakMap<BusEvent, Uint8Array>();

/** The wire bytes of a bus event, encoded on first use and shared by every stream. */
function frameOf(event: BusEvent): Uint8Array {
  let frame = frames.get(event);
  if (!frame) {
    const id = event.type === "timeline" ? event.id : undefined;
    frame = encoder.encode(encodeEvent({ id, event: event.type, data: event.data }));
    frames.set(event, frame);
  }
  return frame;
}

/** Why a stream ended. */
export type StreamEnd = "aborted" | "slow-reader" | "signed-out" | "expired";

/** What the stream needs; `replay` reads at most `limit` timeline events after an id, ascending. */
export interface EventStreamOptions {
  bus: EventBus;
  lastEventId: number | null;
  replay: ReadTimeline;
  /** The newest stored timeline id: a stream without Last-Event-ID starts there. */
  head?: () => Promise<number>;
  signal: AbortSignal;
  /** The session this stream authenticated with: it ends on sign-out (SESSION_ENDED) and at `expiresAt`. */
  session?: { id: string; expiresAt: number };
  heartbeatMs?: number;
  retryMs?: number;
  maxQueuedBytes?: number;
  replayLimit?: number;
  onError?: (error: unknown) => void;
  /** Called once when the stream ends. */
  onEnd?: (reason: StreamEnd) => void;
}

/** The ReadableStream of one SSE connection, and its unsent bytes (for the registry and the bench). */
export interface EventStream {
  stream: ReadableStream<Uint8Array>;
  queuedBytes(): number;
}

/** An error named AbortError: Next's response pipe treats it as a dropped client, not a server fault. */
function abortError(message: string): Error {
  const error = new Error(message);
  error.name = "AbortError";
  return error;
}

/** Builds one SSE connection; it cleans up on abort, cancel, a failed write, a slow reader and session end. */
export function createEventStream(options: EventStreamOptions): EventStream {
  const maxQueued = options.maxQueuedBytes ?? SSE_MAX_QUEUED_BYTES;
  let cleanup = () => {};
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let queued = () => 0;
  const stream = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        let closed = false;
        queued = () => (closed ? 0 : maxQueued - (controller.desiredSize ?? maxQueued) + pendingBytes);
        const end = (reason: StreamEnd) => {
          if (closed) return;
          closed = true;
          unsubscribe();
          clearInterval(heartbeat);
          clearTimeout(expiry);
          throttle.cancel();
          pending = [];
          pendingBytes = 0;
          options.signal.removeEventListener("abort", onAbort);
          options.onEnd?.(reason);
          try {
            // A slow reader's queue is dropped at once (error); otherwise what is queued still goes out.
            if (reason === "slow-reader") controller.error(abortError("SSE reader too slow"));
            else controller.close();
          } catch {
            // Already closed or errored by the runtime: nothing left to release.
          }
        };
        const onAbort = () => end("aborted");
        const flush = () => {
          if (closed || pending.length === 0) return;
          const chunk = pending.length === 1 ? pending[0]! : Buffer.concat(pending);
          pending = [];
          pendingBytes = 0;
          try {
            controller.enqueue(chunk);
          } catch {
            return end("aborted");
          }
          if ((controller.desiredSize ?? 0) < 0) end("slow-reader");
        };
        const throttle = createThrottle(flush, FLUSH_MS);
        const writeFrame = (frame: Uint8Array) => {
          if (closed) return;
          pending.push(frame);
          pendingBytes += frame.byteLength;
          // A burst goes out before the window ends once it fills a chunk, so it never counts against the reader.
          if (pendingBytes >= FLUSH_BYTES) flush();
          else throttle.request();
        };
        const write = (text: string) => writeFrame(encoder.encode(text));
        const order = createTimelineOrder({
          after: options.lastEventId,
          read: options.replay,
          head: options.head,
          limit: options.replayLimit ?? SSE_REPLAY_LIMIT,
          emit: (event) => writeFrame(frameOf(event)),
          resync: (reason, error) => {
            if (error !== undefined) options.onError?.(error);
            // The client cannot fill its gap from the stream: it refetches the snapshot and every view.
            write(encodeEvent({ event: "resync", data: { reason } }));
          },
        });
        const onEvent = (event: BusEvent) => {
          if (event.type === SESSION_ENDED) {
            if (options.session && (event.data as { sid?: unknown } | null)?.sid === options.session.id) end("signed-out");
          } else if (event.type === CRITERIA_EVALUATED) return;
          else if (event.type === "timeline") order.accept(event);
          else writeFrame(frameOf(event));
        };
        const unsubscribe = options.bus.subscribe(onEvent);
        const heartbeat = setInterval(() => write(encodeComment("ping")), options.heartbeatMs ?? 15_000);
        const expiry = options.session ? setTimeout(() => end("expired"), Math.min(2 ** 31 - 1, Math.max(0, options.session.expiresAt - Date.now()))) : undefined;
        cleanup = () => end("aborted");
        if (options.signal.aborted) return end("aborted");
        options.signal.addEventListener("abort", onAbort);
        write(encodeRetry(options.retryMs ?? 1_000));
        write(encodeComment("connected"));
        order.catchUp();
      },
      cancel() {
        cleanup();
      },
    },
    new ByteLengthQueuingStrategy({ highWaterMark: maxQueued }),
  );
  return { stream, queuedBytes: () => queued() };
}
