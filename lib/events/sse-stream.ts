import "server-only";
import type { ServerResponse } from "node:http";
import { CRITERIA_EVALUATED, SESSION_ENDED, type BusEvent, type EventBus } from "./bus";
import { encodeComment, encodeEvent, encodeRetry } from "./sse";
import { frameOf, getFanOutHub } from "./sse-hub";
import { SSE_MAX_BEHIND_MS, SSE_MAX_QUEUED_BYTES, SSE_REPLAY_LIMIT } from "./sse-limits";
import { createStreamWriter } from "./sse-writer";
import { createTimelineOrder, type ReadTimeline } from "./timeline-order";

// The body of `GET /api/events` (docs/live-updates.md). Gap-free resume: timeline entries go through
// createTimelineOrder, which replays the Last-Event-ID resume and any gap between instances from storage, in
// id order. Only timeline entries carry `id:`: a component event's id is local to the instance that
// published it, and sent as `id:` it moved the browser's Last-Event-ID backwards.
//
// Fan-out cost: at 2,000 components every 10 s the bus carries 200 events/s, to every open stream. Component
// events reach the streams through the hub (lib/events/sse-hub.ts): one batch per 100 ms, encoded and
// concatenated once for every stream; each stream writes through lib/events/sse-writer.ts, only when the
// socket took the previous chunk. The stream's own queue holds nothing (highWaterMark 0): what is unsent
// waits in the writer, where it can still be coalesced. A reader that stays behind is errored, which closes
// the connection; the browser reconnects with Last-Event-ID and catches up from storage.
//
// Direct writes: the first chunk goes through Next's response pipe (which sends the status and headers); from
// its next read on, chunks go to the Node response itself when the route has it (lib/http/node-response.ts),
// with its `drain` as the pull. Next's web-stream pipe costs about as much CPU per chunk again as the socket
// write (docs/live-updates.md); the pipe stays open, and closing the stream still ends the response through it.

const encoder = new TextEncoder();

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
  /** The Node response under the stream, when the route can reach it: chunks after the first are written to it directly. */
  response?: ServerResponse;
  /** The session this stream authenticated with: it ends on sign-out (SESSION_ENDED) and at `expiresAt`. */
  session?: { id: string; expiresAt: number };
  heartbeatMs?: number;
  retryMs?: number;
  maxQueuedBytes?: number;
  /** How long a reader may take nothing while events wait before it is cut off. */
  maxBehindMs?: number;
  replayLimit?: number;
  onError?: (error: unknown) => void;
  /** Called once when the stream ends. */
  onEnd?: (reason: StreamEnd) => void;
}

/** The ReadableStream of one SSE connection, and its unsent bytes (for the registry and the bench). */
export interface EventStream {
  stream: ReadableStream<Uint8Array>;
  queuedBytes(): number;
  /** Whether chunks now go to the Node response directly rather than through the stream. */
  writesDirectly(): boolean;
}

/** An error named AbortError: Next's response pipe treats it as a dropped client, not a server fault. */
function abortError(message: string): Error {
  const error = new Error(message);
  error.name = "AbortError";
  return error;
}

/**
 * The direct path of one stream: once Next's pipe has written a chunk (and with it the headers) and reads
 * again, chunks go to the Node response itself and its `drain` is the next pull; without a response, never.
 */
function directWrites(response: ServerResponse | undefined, pull: () => void) {
  let [piped, active] = [false, false];
  return {
    active: () => active,
    /** A chunk went through Next's pipe. */
    piped: () => void (piped = true),
    /** Next's pipe reads again: the previous chunk is written. */
    onRead() {
      if (active || !piped || !response?.headersSent || response.destroyed) return;
      active = true;
      response.on("drain", pull);
    },
    /** Writes a chunk; false when the response is gone. A full socket (write false) waits for `drain`. */
    write(chunk: Uint8Array): boolean {
      if (!response || response.destroyed || response.writableEnded) return false;
      if (response.write(chunk)) pull();
      return true;
    },
    stop: () => void response?.off("drain", pull),
  };
}

/** Builds one SSE connection; it cleans up on abort, cancel, a failed write, a slow reader and session end. */
export function createEventStream(options: EventStreamOptions): EventStream {
  let cleanup = () => {};
  let pull = () => {};
  let queued = () => 0;
  let direct = () => false;
  const stream = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        let closed = false;
        const writer = createStreamWriter({
          maxQueuedBytes: options.maxQueuedBytes ?? SSE_MAX_QUEUED_BYTES,
          maxBehindMs: options.maxBehindMs ?? SSE_MAX_BEHIND_MS,
          onSlow: () => end("slow-reader"),
          enqueue: (chunk) => {
            if (socket.active()) return socket.write(chunk) || (end("aborted"), false);
            try {
              controller.enqueue(chunk);
              socket.piped();
              return true;
            } catch {
              end("aborted");
              return false;
            }
          },
        });
        const socket = directWrites(options.response, writer.pull);
        direct = socket.active;
        queued = writer.queuedBytes;
        pull = () => {
          socket.onRead();
          writer.pull();
        };
        const end = (reason: StreamEnd) => {
          if (closed) return;
          closed = true;
          leave();
          socket.stop();
          clearInterval(heartbeat);
          clearTimeout(expiry);
          writer.close();
          options.signal.removeEventListener("abort", onAbort);
          options.onEnd?.(reason);
          try {
            // A slow reader is errored (its connection closes at once); otherwise what was handed over still goes out.
            if (reason === "slow-reader") controller.error(abortError("SSE reader too slow"));
            else controller.close();
          } catch {
            // Already closed or errored by the runtime: nothing left to release.
          }
        };
        const onAbort = () => end("aborted");
        const write = (text: string) => writer.write({ key: null, bytes: encoder.encode(text) });
        const order = createTimelineOrder({
          after: options.lastEventId,
          read: options.replay,
          head: options.head,
          limit: options.replayLimit ?? SSE_REPLAY_LIMIT,
          emit: (event) => writer.write(frameOf(event)),
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
          else writer.write(frameOf(event));
        };
        const leave = getFanOutHub(options.bus).join({ onEvent, onBatch: writer.batch });
        const heartbeat = setInterval(() => write(encodeComment("ping")), options.heartbeatMs ?? 15_000);
        const expiry = options.session ? setTimeout(() => end("expired"), Math.min(2 ** 31 - 1, Math.max(0, options.session.expiresAt - Date.now()))) : undefined;
        cleanup = () => end("aborted");
        if (options.signal.aborted) return end("aborted");
        options.signal.addEventListener("abort", onAbort);
        write(encodeRetry(options.retryMs ?? 1_000));
        write(encodeComment("connected"));
        order.catchUp();
      },
      // The consumer (Next's response pipe) reads the next chunk only once the socket took the last one.
      pull() {
        pull();
      },
      cancel() {
        cleanup();
      },
    },
    new ByteLengthQueuingStrategy({ highWaterMark: 0 }),
  );
  return { stream, queuedBytes: () => queued(), writesDirectly: () => direct() };
}
