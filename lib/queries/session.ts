import { queryOptions } from "@tanstack/react-query";
import { ApiError, fetchJson } from "./fetch-json";

/** Who this browser is signed in as; null when anonymous (401). */
export function sessionQuery() {
  return queryOptions({
    queryKey: ["session"] as const,
    queryFn: async (): Promise<{ name: string; role: string } | null> => {
      try {
        return await fetchJson<{ name: string; role: string }>("/api/session");
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: 60_000,
  });
}
