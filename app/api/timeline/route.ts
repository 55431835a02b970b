import { NextResponse } from "next/server";
import { readJson } from "@/lib/api/body";
import { timelinePostBody } from "@/lib/api/contract/timeline";
import { writeContext } from "@/lib/api/context";
import { withAuth } from "@/lib/auth";
import { listTimeline } from "@/lib/db";
import { postTimelineEntry } from "@/lib/incident/actions";
import { parseTimelineQuery } from "@/lib/snapshot/timeline-query";
import { getConfig, getDb } from "@/lib/runtime";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The timeline, newest first (or ascending after `afterId`), filterable by type and team. */
export const GET = withAuth("reader", async (request) => {
  const entries = await listTimeline(await getDb(), parseTimelineQuery(new URL(request.url).searchParams));
  return NextResponse.json({ entries }, { headers: { "cache-control": "no-store" } });
});

/** A team posts a status update or a note; the token's name is the actor. */
export const POST = withAuth("anyTeam", async (request, actor) => {
  const body = await readJson(request, timelinePostBody);
  const { db, bus, settle } = await writeContext();
  const entry = await postTimelineEntry(db, bus, getConfig().incident.id, actor, body.type, body.text);
  await settle();
  return NextResponse.json({ entry }, { status: 201 });
});
