import "server-only";
import { timelineQuery } from "../api/contract/timeline";
import { parseQuery } from "../api/query";

/** Parses `GET /api/timeline?limit&afterId&type=a,b&team` into listTimeline options; 400 on bad input. */
export function parseTimelineQuery(params: URLSearchParams) {
  const { limit, afterId, type, team } = parseQuery(params, timelineQuery);
  return { limit, afterId, types: type, team };
}
