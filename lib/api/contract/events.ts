import { z } from "zod";
import type { ComponentEventData, LiveEventType, ResyncReason } from "@/lib/types";
import { covers, describes } from "./check";
import { componentStatusSchema, confirmingSchema, criterionStateSchema, errorInfoSchema, incidentStateSchema, isoTime, jsonObject } from "./common";
import { testRunSchema } from "./test-runs";
import { timelineEntrySchema } from "./timeline";

// `GET /api/events` (text/event-stream): each frame is `event:` (one of the types below) and `data:` (JSON);
// `timeline` frames also carry `id:` (the timeline sequence, for Last-Event-ID). `resync` asks the client to
// refetch everything.

const componentEventData = describes<ComponentEventData>()(
  z.strictObject({ id: z.string(), location: z.string(), status: componentStatusSchema, checkedAt: isoTime, latencyMs: z.number().nullable(), error: errorInfoSchema.nullable(), confirming: confirmingSchema }),
);

/** The `data` of every event type the stream sends. */
export const SSE_EVENT_DATA = {
  component: componentEventData.meta({ description: "one location's fresh, judged result" }),
  criterion: z.strictObject({ id: z.string(), state: criterionStateSchema, evidence: jsonObject }).meta({ description: "a criterion changed state" }),
  incident: z.strictObject({ state: incidentStateSchema, from: incidentStateSchema, actor: z.string() }).meta({ description: "the incident moved" }),
  timeline: timelineEntrySchema,
  "test-run": testRunSchema,
  resync: z.strictObject({ reason: z.enum(["replay-failed", "replay-too-long"] satisfies ResyncReason[]) }).meta({ description: "the gap since Last-Event-ID cannot be replayed: refetch everything" }),
};
/** One event type of the stream. */
export type SseEventType = keyof typeof SSE_EVENT_DATA;
// Every type a client may receive is documented, and nothing else: a new LiveEventType breaks typecheck here.
covers<Exclude<LiveEventType, SseEventType>>();
covers<Exclude<SseEventType, LiveEventType>>();

function frame<T extends Exclude<SseEventType, "resync" | "timeline">>(event: T) {
  return z.strictObject({ event: z.literal(event), data: SSE_EVENT_DATA[event] });
}

/** One frame of the stream, as its `id`, `event` and parsed `data`. */
export const sseFrameSchema = z
  .discriminatedUnion("event", [frame("component"), frame("criterion"), frame("incident"), z.strictObject({ event: z.literal("timeline"), id: z.number().int().min(1), data: SSE_EVENT_DATA.timeline }), frame("test-run"), z.strictObject({ event: z.literal("resync"), data: SSE_EVENT_DATA.resync })])
  .meta({ id: "ServerSentEvent", description: "one SSE frame: an `event:` line, `data:` line(s) holding this JSON, and an `id:` line on timeline frames" });
