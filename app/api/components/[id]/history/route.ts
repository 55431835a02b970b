import { NextResponse } from "next/server";
import { findOr404 } from "@/lib/api/context";
import { withAuth } from "@/lib/auth";
import { componentHistory, type RollupBucket } from "@/lib/db/rollups";
import { AppError } from "@/lib/errors";
import { getConfig, getDb } from "@/lib/runtime";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// Longer than this since `since`, the default bucket is an hour: a 7-day incident is 168 points, not 10,080.
const MINUTE_BUCKETS_UP_TO_MS = 12 * 3_600_000;

function readSince(text: string | null, fallback: string): Date {
  const since = new Date(text ?? fallback);
  if (Number.isNaN(since.getTime())) throw new AppError("BAD_REQUEST", "since: must be an ISO 8601 time");
  return since;
}

/**
 * A component's latency and pass counts per minute or hour since `since` (default: the incident's start),
 * per location, raw results and rollups combined: `?bucket=minute|hour` (default by span).
 */
export const GET = withAuth("reader", async (request, _actor, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const config = getConfig();
  findOr404(config.components, id, "component");
  const query = new URL(request.url).searchParams;
  const since = readSince(query.get("since"), config.incident.startedAt);
  const requested = query.get("bucket");
  if (requested !== null && requested !== "minute" && requested !== "hour") throw new AppError("BAD_REQUEST", "bucket: must be minute or hour");
  const bucket: RollupBucket = requested ?? (Date.now() - since.getTime() > MINUTE_BUCKETS_UP_TO_MS ? "hour" : "minute");
  const buckets = await componentHistory(await getDb(), id, { bucket, since });
  return NextResponse.json({ component: id, bucket, since: since.toISOString(), buckets }, { headers: { "cache-control": "no-store" } });
});
