import { NextResponse } from "next/server";
import { readSnapshot } from "@/lib/engine/read-snapshot";
import { errorResponse } from "@/lib/errors";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The whole incident as one snapshot: incident, components, criteria, phases, tests, impact. */
export async function GET() {
  try {
    return NextResponse.json(await readSnapshot(), { headers: { "cache-control": "no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}
