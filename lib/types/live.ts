// The live stream's events (`GET /api/events`, docs/api.md). No runtime imports: client components import it.
import type { ComponentStatus, ConfirmingView, ErrorInfo } from "./snapshot";
import type { TimelineEntry } from "./records";

/** The data events of `GET /api/events` (docs/api.md); the server publishes these on its bus. */
export const LIVE_DATA_EVENT_TYPES = ["component", "criterion", "incident", "timeline", "test-run"] as const;
export type LiveDataEventType = (typeof LIVE_DATA_EVENT_TYPES)[number];
/** Every event a client of `GET /api/events` may receive: the data events plus `resync`. */
export const LIVE_EVENT_TYPES = [...LIVE_DATA_EVENT_TYPES, "resync"] as const;
export type LiveEventType = (typeof LIVE_EVENT_TYPES)[number];

/** The `component` event's data: one location's fresh result (no `location` from older servers: the default one). */
export interface ComponentEventData {
  id: string;
  location?: string;
  status: ComponentStatus;
  checkedAt: string;
  latencyMs: number | null;
  error: ErrorInfo | null;
  /** The streak this result left (absent from older servers). */
  confirming?: ConfirmingView | null;
}

/** Why the stream cannot fill the client's gap: refetch the snapshot and every view instead. */
export type ResyncReason = "replay-failed" | "replay-too-long";

/** One SSE event as the client receives it; only `timeline` events carry an `id:` (the timeline sequence). */
export type LiveEvent =
  | { type: "component"; data: ComponentEventData }
  | { type: "timeline"; data: TimelineEntry }
  | { type: "resync"; data: { reason: ResyncReason } }
  | { type: "criterion" | "incident" | "test-run"; data: unknown };
