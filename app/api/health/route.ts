import { NextResponse } from "next/server";

export const dynamic = "force-dynamic";

/** Liveness: answers while the process serves, without touching storage. */
export function GET() {
  return NextResponse.json({ status: "ok" }, { headers: { "cache-control": "no-store" } });
}
