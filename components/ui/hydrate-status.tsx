import "server-only";
import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { requirePageReader } from "@/lib/auth/page-session";
import { readSnapshot } from "@/lib/snapshot/read";
import { statusQuery } from "@/lib/queries/status";

/** Server-renders the status snapshot into React Query's cache so the page paints with data. */
export async function HydrateStatus({ path, children }: { path: string; children: ReactNode }) {
  await requirePageReader(path);
  const client = new QueryClient();
  // A failed prefetch is not dehydrated: the client then fetches and shows its own error state.
  await client.prefetchQuery({ ...statusQuery(), queryFn: readSnapshot });
  return <HydrationBoundary state={dehydrate(client)}>{children}</HydrationBoundary>;
}
