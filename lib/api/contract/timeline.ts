import { z } from "zod";
import { TIMELINE_TYPES, type TimelineEvent } from "@/lib/db/timeline";
import { describes } from "./check";
import { isoTime, jsonObject, limitQuery } from "./common";

// `GET` / `POST /api/timeline`: one timeline for everything that happened.

export const timelineEntrySchema = describes<TimelineEvent>()(
  z
    .strictObject({
      id: z.number().int().meta({ description: "also the SSE event id" }),
      at: isoTime,
      type: z.enum(TIMELINE_TYPES),
      team: z.string().nullable(),
      actor: z.string().nullable(),
      text: z.string(),
      data: jsonObject.nullable(),
    })
    .meta({ id: "TimelineEntry" }),
);

export const timelineQuery = z.strictObject({
  limit: limitQuery(100),
  afterId: z.coerce.number().int().min(0).optional().meta({ description: "entries after this id, oldest first" }),
  type: z
    .string()
    .optional()
    .transform((text) => (text ? text.split(",") : undefined))
    .pipe(z.array(z.enum(TIMELINE_TYPES)).optional())
    .meta({ description: `comma-separated: ${TIMELINE_TYPES.join(", ")}` }),
  team: z.string().min(1).optional(),
  beforeId: z.coerce.number().int().min(1).optional().meta({ description: "entries before this id, newest first: the next page is ?beforeId=<last id seen>" }),
  q: z.string().trim().min(1).max(200).optional().meta({ description: "text search (case-insensitive, literal)" }),
  since: isoTime.optional().meta({ description: "entries at or after this time" }),
  until: isoTime.optional().meta({ description: "entries before this time" }),
  people: z.enum(["1", "true"]).optional().meta({ description: "only what people wrote: updates, notes, sign-offs" }),
});

export const timelineResponse = z.strictObject({ entries: z.array(timelineEntrySchema) });

export const timelinePostBody = z.strictObject({ type: z.enum(["update", "note"]), text: z.string().trim().min(1, "must not be empty").max(5000) });
export const timelinePostResponse = z.strictObject({ entry: timelineEntrySchema });
