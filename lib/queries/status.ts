import { queryOptions } from "@tanstack/react-query";
import { keepNewerChecks } from "../snapshot/keep-newer";
import type { StatusSnapshot } from "../types";
import { fetchJson } from "./fetch-json";

/**
 * The incident snapshot (`GET /api/status`); live updates patch it, and LiveProvider refetches it every
 * 15 s and after events. The first fetch takes the URL the page preloads; a refetch asks `fresh` (a build
 * holding every event already heard), and a check patched in while it was on its way is kept
 * (lib/snapshot/keep-newer.ts).
 */
export function statusQuery() {
  return queryOptions({
    queryKey: ["status"] as const,
    queryFn: async ({ client, queryKey, signal }) => {
      const url = client.getQueryData<StatusSnapshot>(queryKey) ? "/api/status?fresh=1" : "/api/status";
      const fetched = await fetchJson<StatusSnapshot>(url, { signal });
      return keepNewerChecks(client.getQueryData<StatusSnapshot>(queryKey), fetched);
    },
  });
}
