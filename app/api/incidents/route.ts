import { NextResponse } from "next/server";
import { withAuth } from "@/lib/auth";
import { listIncidents } from "@/lib/db";
import { getDb } from "@/lib/runtime";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The archive: every incident this store holds, newest start first (the live one included). */
export const GET = withAuth("reader", async () => {
  return NextResponse.json(await listIncidents(await getDb()), { headers: { "cache-control": "no-store" } });
});
