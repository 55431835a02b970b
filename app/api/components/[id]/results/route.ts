import { NextResponse } from "next/server";
import { findOr404 } from "@/lib/api/context";
import { resultsQuery } from "@/lib/api/contract/components";
import { readQuery } from "@/lib/api/query";
import { withAuth } from "@/lib/auth";
import { listResults } from "@/lib/db";
import { getConfig, getDb } from "@/lib/runtime";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** A component's stored probe results, newest first (`?limit=N`, at most 1000). */
export const GET = withAuth("reader", async (request, _actor, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const config = getConfig();
  findOr404(config.components, id, "component");
  const { limit } = readQuery(request, resultsQuery);
  const results = await listResults(await getDb(), config.incident.id, id, { limit });
  return NextResponse.json({ component: id, results }, { headers: { "cache-control": "no-store" } });
});
