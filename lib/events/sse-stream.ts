import "server-only";
import type { BusEvent, EventBus } from "./bus";
import { createThrottle } from "../throttle";
import { encodeComment, encodeEvent, encodeRetry } from "./sse";

// The body of `GET /api/events`. Gap-free resume: subscribe first, read the replay from the database,
// write it, then flush what the bus delivered meanwhile, dropping timeline entries the replay already sent.
//
// Fan-out cost: at 2,000 components every 10 s the bus carries 200 events/s, to every open stream. Each
// event is encoded once (the bus hands every stream the same object), and each stream writes at most
// once per FLUSH_MS: an event after a quiet spell goes out at once, a burst goes out as one chunk at the
// end of the window (10 writes/s per client instead of 200).

/** The shortest time between two writes of one stream (the fan-out delay it adds at most, under load). */
export const FLUSH_MS = 100;

const encoder = new TextEncoder();
const frames = new WeakMap<BusEvent, Uint8Array>();

/** The wire bytes of a bus event, encoded on first use and shared by every stream. */
function frameOf(event: BusEvent): Uint8Array {
  let frame = frames.get(event);
  if (!frame) {
    frame = encoder.encode(encodeEvent({ id: event.id, event: event.type, data: event.data }));
    frames.set(event, frame);
  }
  return frame;
}

/** What the stream needs; `replay` returns timeline events after an id in ascending order. */
export interface EventStreamOptions {
  bus: EventBus;
  lastEventId: number | null;
  replay: (afterId: number) => Promise<BusEvent[]>;
  signal: AbortSignal;
  heartbeatMs?: number;
  retryMs?: number;
  onError?: (error: unknown) => void;
}

/** Builds the ReadableStream of one SSE connection; it cleans up on abort, cancel and a failed write. */
export function createEventStream(options: EventStreamOptions): ReadableStream<Uint8Array> {
  let cleanup = () => {};
  return new ReadableStream<Uint8Array>({
    start(controller) {
      let closed = false;
      let buffer: BusEvent[] | null = options.lastEventId === null ? null : [];
      let lastTimelineId = options.lastEventId ?? 0;
      let pending: Uint8Array[] = [];
      const close = () => {
        if (closed) return;
        closed = true;
        unsubscribe();
        clearInterval(heartbeat);
        throttle.cancel();
        options.signal.removeEventListener("abort", close);
        try {
          controller.close();
        } catch {
          // Already closed or errored by the runtime: nothing left to release.
        }
      };
      const flush = () => {
        if (closed || pending.length === 0) return;
        const chunk = pending.length === 1 ? pending[0]! : Buffer.concat(pending);
        pending = [];
        try {
          controller.enqueue(chunk);
        } catch {
          close();
        }
      };
      const throttle = createThrottle(flush, FLUSH_MS);
      const writeFrame = (frame: Uint8Array) => {
        if (closed) return;
        pending.push(frame);
        throttle.request();
      };
      const write = (text: string) => writeFrame(encoder.encode(text));
      const send = (event: BusEvent) => {
        if (event.type === "timeline") {
          if (event.id <= lastTimelineId) return;
          lastTimelineId = event.id;
        }
        writeFrame(frameOf(event));
      };
      const unsubscribe = options.bus.subscribe((event) => (buffer ? buffer.push(event) : send(event)));
      const heartbeat = setInterval(() => write(encodeComment("ping")), options.heartbeatMs ?? 15_000);
      cleanup = close;
      if (options.signal.aborted) return close();
      options.signal.addEventListener("abort", close);
      write(encodeRetry(options.retryMs ?? 1_000));
      write(encodeComment("connected"));
      if (options.lastEventId === null) return;
      options
        .replay(options.lastEventId)
        .then((events) => events.forEach(send))
        .catch((error: unknown) => {
          options.onError?.(error);
          // The client cannot trust its cache after a failed replay: tell it to refetch the snapshot.
          write(encodeEvent({ event: "resync", data: { reason: "replay failed" } }));
        })
        .finally(() => {
          const pending = buffer ?? [];
          buffer = null;
          pending.forEach(send);
        });
    },
    cancel() {
      cleanup();
    },
  });
}
