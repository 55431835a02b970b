import { NextResponse } from "next/server";
import { incidentQuery } from "@/lib/api/contract/records";
import { readQuery } from "@/lib/api/query";
import { withAuth } from "@/lib/auth";
import { chooseIncident, readLatestConfirm } from "@/lib/handback/read";
import { getConfig, getDb } from "@/lib/runtime";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The record frozen at the newest confirm (404 until the first); later probes never change it. */
export const GET = withAuth("reader", async (request) => {
  const db = await getDb();
  const incidentId = await chooseIncident(db, getConfig().incident.id, readQuery(request, incidentQuery).incident);
  return NextResponse.json(await readLatestConfirm(db, incidentId), { headers: { "cache-control": "no-store" } });
});
