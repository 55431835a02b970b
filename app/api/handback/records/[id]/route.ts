import { NextResponse } from "next/server";
import { incidentQuery } from "@/lib/api/contract/records";
import { readQuery } from "@/lib/api/query";
import { withAuth } from "@/lib/auth";
import { AppError } from "@/lib/errors";
import { chooseIncident, readRecordWithEvidence } from "@/lib/handback/read";
import { getConfig, getDb } from "@/lib/runtime";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** One record (its permalink) with the exact probe results it names, as stored. */
export const GET = withAuth("reader", async (request, _actor, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  if (!/^\d{1,15}$/.test(id)) throw new AppError("NOT_FOUND", `no handback record "${id}"`);
  const db = await getDb();
  const incidentId = await chooseIncident(db, getConfig().incident.id, readQuery(request, incidentQuery).incident);
  return NextResponse.json(await readRecordWithEvidence(db, incidentId, Number(id)), { headers: { "cache-control": "no-store" } });
});
