import { queryOptions } from "@tanstack/react-query";
import type { TimelineEntry } from "../types";
import { fetchJson } from "./fetch-json";

/** Timeline filters as the page's query params hold them (`?type=a,b&team=t`). */
export interface TimelineFilter {
  types?: string[];
  team?: string;
}

/** The URL search string for a filter (also used by the page's links). */
export function timelineSearch(filter: TimelineFilter = {}, limit?: number): string {
  const params = new URLSearchParams();
  if (limit) params.set("limit", String(limit));
  if (filter.types?.length) params.set("type", filter.types.join(","));
  if (filter.team) params.set("team", filter.team);
  return params.toString();
}

/**
 * The newest timeline entries (`GET /api/timeline`), newest first. Unfiltered it keeps the key
 * `["timeline"]`, which is also the prefix of every filtered key, so invalidating it refreshes them all.
 */
export function timelineQuery(filter: TimelineFilter = {}) {
  const filtered = Boolean(filter.types?.length || filter.team);
  return queryOptions({
    queryKey: filtered ? (["timeline", { types: filter.types ?? [], team: filter.team ?? null }] as const) : (["timeline"] as const),
    queryFn: () => fetchJson<{ entries: TimelineEntry[] }>(`/api/timeline?${timelineSearch(filter, 200)}`),
    refetchInterval: 15_000,
  });
}
