import { NextResponse, type NextRequest } from "next/server";
import { listResults } from "@/lib/db";
import { AppError, errorResponse } from "@/lib/errors";
import { getConfig, getDb } from "@/lib/runtime";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** A component's stored probe results, newest first (`?limit=N`, at most 1000). */
export async function GET(request: NextRequest, { params }: { params: Promise<{ id: string }> }) {
  try {
    const { id } = await params;
    if (!getConfig().components.some((component) => component.id === id)) {
      throw new AppError("NOT_FOUND", `no component with id "${id}"`);
    }
    const limitText = request.nextUrl.searchParams.get("limit") ?? "50";
    const limit = Number(limitText);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
      throw new AppError("BAD_REQUEST", "limit: must be a whole number from 1 to 1000");
    }
    const results = await listResults(await getDb(), id, { limit });
    return NextResponse.json({ component: id, results }, { headers: { "cache-control": "no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}
