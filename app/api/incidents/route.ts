import { NextResponse } from "next/server";
import { withAuth } from "@/lib/auth";
import { getConfig, getDb } from "@/lib/runtime";
import { readArchive } from "@/lib/report/archive";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The archive: every incident this store holds, newest start first, with duration and peak ARR at risk. */
export const GET = withAuth("reader", async () => {
  const incidents = await readArchive(await getDb(), { incidentId: getConfig().incident.id, now: new Date() });
  return NextResponse.json(incidents, { headers: { "cache-control": "no-store" } });
});
