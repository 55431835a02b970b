import { NextResponse } from "next/server";
import { findOr404 } from "@/lib/api/context";
import { withAuth } from "@/lib/auth";
import { listTransitions } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { getConfig, getDb } from "@/lib/runtime";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** A component's status transitions, newest first (`?limit=N`, at most 1000). */
export const GET = withAuth("reader", async (request, _actor, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  findOr404(getConfig().components, id, "component");
  const limit = Number(new URL(request.url).searchParams.get("limit") ?? "100");
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new AppError("BAD_REQUEST", "limit: must be a whole number from 1 to 1000");
  const transitions = await listTransitions(await getDb(), id, limit);
  return NextResponse.json({ component: id, transitions }, { headers: { "cache-control": "no-store" } });
});
