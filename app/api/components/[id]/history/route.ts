import { NextResponse } from "next/server";
import { findOr404 } from "@/lib/api/context";
import { historyQuery } from "@/lib/api/contract/components";
import { readQuery } from "@/lib/api/query";
import { withAuth } from "@/lib/auth";
import { componentHistory, type RollupBucket } from "@/lib/db/rollups";
import { getConfig, getDb } from "@/lib/runtime";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// Longer than this since `since`, the default bucket is an hour: a 7-day incident is 168 points, not 10,080.
const MINUTE_BUCKETS_UP_TO_MS = 12 * 3_600_000;

/**
 * A component's latency and pass counts per minute or hour since `since` (default: the incident's start),
 * per location, raw results and rollups combined: `?bucket=minute|hour` (default by span).
 */
export const GET = withAuth("reader", async (request, _actor, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const config = getConfig();
  findOr404(config.components, id, "component");
  const query = readQuery(request, historyQuery);
  const since = new Date(query.since ?? config.incident.startedAt);
  const bucket: RollupBucket = query.bucket ?? (Date.now() - since.getTime() > MINUTE_BUCKETS_UP_TO_MS ? "hour" : "minute");
  const buckets = await componentHistory(await getDb(), config.incident.id, id, { bucket, since });
  return NextResponse.json({ component: id, bucket, since: since.toISOString(), buckets }, { headers: { "cache-control": "no-store" } });
});
