import { NextResponse, type NextRequest } from "next/server";
import { listTimeline } from "@/lib/db";
import { parseTimelineQuery } from "@/lib/engine/timeline-query";
import { errorResponse } from "@/lib/errors";
import { getDb } from "@/lib/runtime";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The timeline, newest first (or ascending after `afterId`), filterable by type and team. */
export async function GET(request: NextRequest) {
  try {
    const options = parseTimelineQuery(request.nextUrl.searchParams);
    const entries = await listTimeline(await getDb(), options);
    return NextResponse.json({ entries }, { headers: { "cache-control": "no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}
