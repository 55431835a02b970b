import { NextResponse } from "next/server";
import { notificationsQuery } from "@/lib/api/contract/notify";
import { readQuery } from "@/lib/api/query";
import { withAuth } from "@/lib/auth";
import { countDeliveries, listDeliveries } from "@/lib/db";
import { getConfig, getDb } from "@/lib/runtime";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Recent deliveries, newest first, with their counts per state (infra: channel ids, never URLs). */
export const GET = withAuth("infra", async (request) => {
  const { limit } = readQuery(request, notificationsQuery);
  const [db, incidentId] = [await getDb(), getConfig().incident.id];
  const [deliveries, counts] = await Promise.all([listDeliveries(db, incidentId, limit), countDeliveries(db, incidentId)]);
  return NextResponse.json({ deliveries, counts }, { headers: { "cache-control": "no-store" } });
});
