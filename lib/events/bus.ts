import "server-only";
import { EventEmitter } from "node:events";

// The in-process event bus: the engine persists, then publishes here; SSE streams subscribe.
// (A Redis pub/sub bus with the same surface comes with scale-out.)

/** The event types of `GET /api/events`. */
export type BusEventType = "component" | "criterion" | "incident" | "timeline" | "test-run";

/** One published event; `id` is the timeline sequence number it follows. */
export interface BusEvent {
  type: BusEventType;
  id: number;
  data: unknown;
}

/** Publish/subscribe surface shared by every bus implementation. */
export interface EventBus {
  publish(event: BusEvent): void;
  subscribe(listener: (event: BusEvent) => void): () => void;
  /** Ends the bus's connections (Redis); the in-process bus has none. */
  close?(): Promise<void>;
}

/** A bus that fans events out to listeners in this process only. */
export function createLocalBus(): EventBus {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    publish: (event) => {
      emitter.emit("event", event);
    },
    subscribe: (listener) => {
      emitter.on("event", listener);
      return () => emitter.off("event", listener);
    },
  };
}
