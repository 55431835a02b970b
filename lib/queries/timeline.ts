import { queryOptions } from "@tanstack/react-query";
import type { TimelineEntry } from "../types";
import { fetchJson } from "./fetch-json";

/**
 * Timeline filters as the page's query params hold them (`?type=a,b&team=t&q=…&since=…&until=…&people=1&beforeId=N`):
 * the same names as `GET /api/timeline` takes. beforeId pages back past the newest 200.
 */
export interface TimelineFilter {
  types?: string[];
  team?: string;
  q?: string;
  since?: string;
  until?: string;
  people?: boolean;
  beforeId?: number;
}

/** True when anything narrows the newest-200 view (its query key then carries the filter). */
export function isFiltered(filter: TimelineFilter): boolean {
  return Boolean(filter.types?.length || filter.team || filter.q || filter.since || filter.until || filter.people || filter.beforeId);
}

/** The URL search string for a filter (also used by the page's links). */
export function timelineSearch(filter: TimelineFilter = {}, limit?: number): string {
  const params = new URLSearchParams();
  if (limit) params.set("limit", String(limit));
  if (filter.types?.length) params.set("type", filter.types.join(","));
  if (filter.team) params.set("team", filter.team);
  if (filter.q) params.set("q", filter.q);
  if (filter.since) params.set("since", filter.since);
  if (filter.until) params.set("until", filter.until);
  if (filter.people) params.set("people", "1");
  if (filter.beforeId) params.set("beforeId", String(filter.beforeId));
  return params.toString();
}

/**
 * The newest timeline entries (`GET /api/timeline`), newest first. Unfiltered it keeps the key
 * `["timeline"]`, which is also the prefix of every filtered key, so invalidating it refreshes them all.
 */
export function timelineQuery(filter: TimelineFilter = {}) {
  return queryOptions({
    queryKey: isFiltered(filter) ? (["timeline", { ...filter, types: filter.types ?? [], team: filter.team ?? null }] as const) : (["timeline"] as const),
    queryFn: () => fetchJson<{ entries: TimelineEntry[] }>(`/api/timeline?${timelineSearch(filter, 200)}`),
    refetchInterval: 15_000,
  });
}
