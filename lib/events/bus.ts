import "server-only";
import { EventEmitter } from "node:events";
import type { CriterionStateRow } from "../db";
import { LIVE_DATA_EVENT_TYPES } from "../types";

// The in-process event bus: the engine persists, then publishes here; SSE streams subscribe.
// (A Redis pub/sub bus with the same surface comes with scale-out.)

/** A session was signed out: every instance closes that session's open streams (never sent to clients). */
export const SESSION_ENDED = "session-ended";
/**
 * Criteria were evaluated and stored (never sent to clients): their evidence is rewritten by every
 * evaluation, with a `criterion` event only when a state changes. It carries the stored rows, so read
 * models take the new evidence without reading storage (lib/snapshot/model.ts).
 */
export const CRITERIA_EVALUATED = "criteria-evaluated";

/** The data of CRITERIA_EVALUATED: every criterion's row as the evaluation stored it. */
export interface CriteriaEvaluatedData {
  criterionStates: CriterionStateRow[];
}
/** What travels on the bus: the data events of `GET /api/events` and the server-only signals. */
export const BUS_EVENT_TYPES = [...LIVE_DATA_EVENT_TYPES, SESSION_ENDED, CRITERIA_EVALUATED] as const;
export type BusEventType = (typeof BUS_EVENT_TYPES)[number];

/** One published event; `id` is the timeline sequence number, and only `timeline` events write it as the SSE `id:`. */
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
