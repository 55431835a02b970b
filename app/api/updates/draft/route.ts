import { NextResponse } from "next/server";
import { draftQuery } from "@/lib/api/contract/notify";
import { readQuery } from "@/lib/api/query";
import { withAuth } from "@/lib/auth";
import { draftUpdate } from "@/lib/notify/draft";
import { getConfig, getDb } from "@/lib/runtime";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** A status update drafted from what changed since the last posted one; the owner edits it and posts it. */
export const GET = withAuth("anyTeam", async (request) => {
  const { audience } = readQuery(request, draftQuery);
  return NextResponse.json(await draftUpdate(await getDb(), getConfig(), audience), { headers: { "cache-control": "no-store" } });
});
