import "server-only";
import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { listTimeline } from "@/lib/db";
import { parseTimelineQuery } from "@/lib/snapshot/timeline-query";
import { timelineQuery, timelineSearch, type TimelineFilter } from "@/lib/queries/timeline";
import { getConfig, getDb } from "@/lib/runtime";

/** Server-renders the filtered timeline into React Query's cache under the key the client will use. */
export async function HydrateTimeline({ filter, children }: { filter: TimelineFilter; children: ReactNode }) {
  const client = new QueryClient();
  const queryFn = async () => ({ entries: await listTimeline(await getDb(), getConfig().incident.id, parseTimelineQuery(new URLSearchParams(timelineSearch(filter, 200)))) });
  // A failed prefetch is not dehydrated: the client then fetches and shows its own error state.
  await client.prefetchQuery({ ...timelineQuery(filter), queryFn });
  return <HydrationBoundary state={dehydrate(client)}>{children}</HydrationBoundary>;
}
