import "server-only";
import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { preload } from "react-dom";
import { requirePageReader } from "@/lib/auth/page-session";
import { getConfig } from "@/lib/runtime";
import { readSnapshot } from "@/lib/snapshot/read";
import { statusQuery } from "@/lib/queries/status";
import { FOLD_ABOVE } from "../matrix/fold-groups";

/**
 * Server-renders the status snapshot into React Query's cache so the page paints with data — up to
 * FOLD_ABOVE components. Above it the snapshot is left out and the browser fetches GET /api/status
 * itself: at 2,000 components the snapshot is 760 kB of JSON, and embedding it in the page (escaped inside
 * the RSC payload, then parsed twice) made the HTML 870 kB and its first byte come 1–2 s after the API's
 * own answer (docs/architecture.md "Large incidents").
 */
export async function HydrateStatus({ path, children }: { path: string; children: ReactNode }) {
  await requirePageReader(path);
  const client = new QueryClient();
  // A failed prefetch is not dehydrated: the client then fetches and shows its own error state.
  if (getConfig().components.length <= FOLD_ABOVE) await client.prefetchQuery({ ...statusQuery(), queryFn: readSnapshot });
  // The browser starts that fetch from the head, while the scripts load, and the query's fetch takes it over.
  else preload("/api/status", { as: "fetch", crossOrigin: "anonymous" });
  return <HydrationBoundary state={dehydrate(client)}>{children}</HydrationBoundary>;
}
