import { queryOptions } from "@tanstack/react-query";
import type { TimelineEntry } from "../types";
import { fetchJson } from "./fetch-json";

/** The newest timeline entries (`GET /api/timeline`), newest first. */
export function timelineQuery() {
  return queryOptions({
    queryKey: ["timeline"] as const,
    queryFn: () => fetchJson<{ entries: TimelineEntry[] }>("/api/timeline?limit=200"),
    refetchInterval: 15_000,
  });
}
