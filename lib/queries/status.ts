import { queryOptions } from "@tanstack/react-query";
import type { StatusSnapshot } from "../types";
import { fetchJson } from "./fetch-json";

/** The incident snapshot (`GET /api/status`); live updates refresh this key. */
export function statusQuery() {
  return queryOptions({
    queryKey: ["status"] as const,
    queryFn: () => fetchJson<StatusSnapshot>("/api/status"),
    refetchInterval: 15_000,
  });
}
