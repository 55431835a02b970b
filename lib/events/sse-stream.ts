import "server-only";
import type { BusEvent, EventBus } from "./bus";
import { encodeComment, encodeEvent, encodeRetry } from "./sse";

// The body of `GET /api/events`. Gap-free resume: subscribe first, read the replay from the database,
// write it, then flush what the bus delivered meanwhile, dropping timeline entries the replay already sent.

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
  const encoder = new TextEncoder();
  let cleanup = () => {};
  return new ReadableStream<Uint8Array>({
    start(controller) {
      let closed = false;
      let buffer: BusEvent[] | null = options.lastEventId === null ? null : [];
      let lastTimelineId = options.lastEventId ?? 0;
      const close = () => {
        if (closed) return;
        closed = true;
        unsubscribe();
        clearInterval(heartbeat);
        options.signal.removeEventListener("abort", close);
        try {
          controller.close();
        } catch {
          // Already closed or errored by the runtime: nothing left to release.
        }
      };
      const write = (chunk: string) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(chunk));
        } catch {
          close();
        }
      };
      const send = (event: BusEvent) => {
        if (event.type === "timeline") {
          if (event.id <= lastTimelineId) return;
          lastTimelineId = event.id;
        }
        write(encodeEvent({ id: event.id, event: event.type, data: event.data }));
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
