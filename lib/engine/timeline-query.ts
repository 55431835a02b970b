import "server-only";
import { z } from "zod";
import { TIMELINE_TYPES } from "../db";
import { AppError } from "../errors";


const timelineParams = z.strictObject({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  afterId: z.coerce.number().int().min(0).optional(),
  type: z.string().optional().transform((text) => (text ? text.split(",") : undefined)).pipe(z.array(z.enum(TIMELINE_TYPES)).optional()),
  team: z.string().min(1).optional(),
});

/** Parses `GET /api/timeline?limit&afterId&type=a,b&team` into listTimeline options; 400 on bad input. */
export function parseTimelineQuery(params: URLSearchParams) {
  const parsed = timelineParams.safeParse(Object.fromEntries(params));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError("BAD_REQUEST", `${issue?.path.join(".") || "query"}: ${issue?.message ?? "invalid"}`);
  }
  const { limit, afterId, type, team } = parsed.data;
  return { limit, afterId, types: type, team };
}
