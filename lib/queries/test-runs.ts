import { queryOptions } from "@tanstack/react-query";
import type { TestRunView } from "../types";
import { fetchJson } from "./fetch-json";

/** A suite's run history (`GET /api/test-runs?suite=ID`), newest first. */
export function testRunsQuery(suite: string) {
  return queryOptions({
    queryKey: ["test-runs", suite] as const,
    queryFn: () => fetchJson<{ suite: string; runs: TestRunView[] }>(`/api/test-runs?suite=${encodeURIComponent(suite)}`),
    refetchInterval: 30_000,
  });
}
