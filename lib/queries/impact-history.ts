import { queryOptions } from "@tanstack/react-query";
import type { ImpactHistory } from "../types";
import { fetchJson } from "./fetch-json";

/** ARR at risk over time (`GET /api/impact/history`). */
export function impactHistoryQuery() {
  return queryOptions({
    queryKey: ["impact-history"] as const,
    queryFn: () => fetchJson<ImpactHistory>("/api/impact/history"),
    refetchInterval: 30_000,
  });
}
