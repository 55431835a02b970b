import { queryOptions } from "@tanstack/react-query";
import type { StatusSnapshot } from "../types";
import { fetchJson } from "./fetch-json";

/** The incident snapshot (`GET /api/status`); live updates patch it, and LiveProvider refetches it every 15 s. */
export function statusQuery() {
  return queryOptions({
    queryKey: ["status"] as const,
    queryFn: () => fetchJson<StatusSnapshot>("/api/status"),
  });
}
