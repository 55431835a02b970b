import "server-only";
import { timelineQuery } from "../api/contract/timeline";
import { parseQuery } from "../api/query";

/** Parses `GET /api/timeline?limit&afterId&beforeId&type=a,b&team&q&since&until&people` into listTimeline options; 400 on bad input. */
export function parseTimelineQuery(params: URLSearchParams) {
  const { limit, afterId, beforeId, type, team, q, since, until, people } = parseQuery(params, timelineQuery);
  return { limit, afterId, beforeId, types: type, team, search: q, since, until, people: people !== undefined };
}
