import { NextResponse } from "next/server";
import { findOr404 } from "@/lib/api/context";
import { transitionsQuery } from "@/lib/api/contract/components";
import { readQuery } from "@/lib/api/query";
import { withAuth } from "@/lib/auth";
import { listTransitions } from "@/lib/db";
import { getConfig, getDb } from "@/lib/runtime";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** A component's status transitions, newest first (`?limit=N`, at most 1000). */
export const GET = withAuth("reader", async (request, _actor, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const config = getConfig();
  findOr404(config.components, id, "component");
  const { limit } = readQuery(request, transitionsQuery);
  const transitions = await listTransitions(await getDb(), config.incident.id, id, limit);
  return NextResponse.json({ component: id, transitions }, { headers: { "cache-control": "no-store" } });
});
