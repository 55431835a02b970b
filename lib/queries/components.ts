import { queryOptions } from "@tanstack/react-query";
import type { ComponentHistoryView, ProbeResultView, TransitionView } from "../types";
import { fetchJson } from "./fetch-json";

/** Every per-component query starts with this key; live updates invalidate it as a whole. */
export const COMPONENTS_KEY = ["components"] as const;

/** A component's newest probe results (`GET /api/components/{id}/results`). */
export function componentResultsQuery(id: string, limit = 200) {
  return queryOptions({
    queryKey: [...COMPONENTS_KEY, id, "results", limit] as const,
    queryFn: () => fetchJson<{ results: ProbeResultView[] }>(`/api/components/${encodeURIComponent(id)}/results?limit=${limit}`),
  });
}

/** A component's status transitions (`GET /api/components/{id}/transitions`). */
export function componentTransitionsQuery(id: string) {
  return queryOptions({
    queryKey: [...COMPONENTS_KEY, id, "transitions"] as const,
    queryFn: () => fetchJson<{ transitions: TransitionView[] }>(`/api/components/${encodeURIComponent(id)}/transitions?limit=100`),
  });
}

/** A component's checks per minute or hour since the incident started (`GET /api/components/{id}/history`). */
export function componentHistoryQuery(id: string) {
  return queryOptions({
    queryKey: [...COMPONENTS_KEY, id, "history"] as const,
    queryFn: () => fetchJson<ComponentHistoryView>(`/api/components/${encodeURIComponent(id)}/history`),
  });
}
