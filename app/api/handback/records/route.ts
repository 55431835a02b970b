import { NextResponse } from "next/server";
import { incidentQuery } from "@/lib/api/contract/records";
import { readQuery } from "@/lib/api/query";
import { withAuth } from "@/lib/auth";
import { chooseIncident, readRecords } from "@/lib/handback/read";
import { getConfig, getDb } from "@/lib/runtime";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Every confirm and reject of the incident, oldest first, each hash covering the previous one. */
export const GET = withAuth("reader", async (request) => {
  const db = await getDb();
  const incidentId = await chooseIncident(db, getConfig().incident.id, readQuery(request, incidentQuery).incident);
  return NextResponse.json({ incidentId, records: await readRecords(db, incidentId) }, { headers: { "cache-control": "no-store" } });
});
