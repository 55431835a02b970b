import { z } from "zod";
import type { ComponentEventData } from "@/components/live/apply-event";
import type { BusEventType } from "@/lib/events/bus";
import { covers, describes } from "./check";
import { componentStatusSchema, criterionStateSchema, errorInfoSchema, incidentStateSchema, isoTime, jsonObject } from "./common";
import { testRunSchema } from "./test-runs";
import { timelineEntrySchema } from "./timeline";

// `GET /api/events` (text/event-stream): each frame is `id:` (the timeline id it follows), `event:` (one of
// the types below) and `data:` (JSON). `resync` has no id: it asks the client to refetch everything.

const componentEventData = describes<ComponentEventData>()(
  z.strictObject({ id: z.string(), location: z.string(), status: componentStatusSchema, checkedAt: isoTime, latencyMs: z.number().nullable(), error: errorInfoSchema.nullable() }),
);

/** The `data` of every event type the stream sends. */
export const SSE_EVENT_DATA = {
  component: componentEventData.meta({ description: "one location's fresh, judged result" }),
  criterion: z.strictObject({ id: z.string(), state: criterionStateSchema, evidence: jsonObject }).meta({ description: "a criterion changed state" }),
  incident: z.strictObject({ state: incidentStateSchema, from: incidentStateSchema, actor: z.string() }).meta({ description: "the incident moved" }),
  timeline: timelineEntrySchema,
  "test-run": testRunSchema,
  resync: z.strictObject({ reason: z.string() }).meta({ description: "the replay failed: refetch everything" }),
};
/** One event type of the stream. */
export type SseEventType = keyof typeof SSE_EVENT_DATA;
// Every type the bus publishes is documented, and nothing else: a new BusEventType breaks typecheck here.
covers<Exclude<BusEventType | "resync", SseEventType>>();
covers<Exclude<SseEventType, BusEventType | "resync">>();

function frame<T extends Exclude<SseEventType, "resync">>(event: T) {
  return z.strictObject({ event: z.literal(event), id: z.number().int().min(0), data: SSE_EVENT_DATA[event] });
}

/** One frame of the stream, as its `id`, `event` and parsed `data`. */
export const sseFrameSchema = z
  .discriminatedUnion("event", [frame("component"), frame("criterion"), frame("incident"), frame("timeline"), frame("test-run"), z.strictObject({ event: z.literal("resync"), data: SSE_EVENT_DATA.resync })])
  .meta({ id: "ServerSentEvent", description: "one SSE frame: `id:` line, `event:` line, `data:` line(s) holding this JSON" });
