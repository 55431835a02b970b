import { queryOptions } from "@tanstack/react-query";
import type { DeliveryView } from "../notify/types";
import { fetchJson } from "./fetch-json";

/** Who a drafted update is written for. */
export type DraftAudience = "infra" | "leadership";

/** `GET /api/updates/draft`: always fetched fresh (what changed until this click). */
export function updateDraftQuery(audience: DraftAudience) {
  return queryOptions({
    queryKey: ["update-draft", audience] as const,
    queryFn: () => fetchJson<{ text: string; since: string; changes: { kind: string; text: string }[] }>(`/api/updates/draft?audience=${audience}`),
    staleTime: 0,
  });
}

/** `GET /api/notifications` (infra): the recent deliveries and counts per state. */
export function notificationsQuery() {
  return queryOptions({
    queryKey: ["notifications"] as const,
    queryFn: () => fetchJson<{ deliveries: DeliveryView[]; counts: Record<DeliveryView["state"], number> }>("/api/notifications?limit=20"),
    refetchInterval: 10_000,
  });
}
