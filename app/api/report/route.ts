import { NextResponse } from "next/server";
import { reportQuery } from "@/lib/api/contract/records";
import { readQuery } from "@/lib/api/query";
import { withAuth } from "@/lib/auth";
import { chooseIncident } from "@/lib/handback/read";
import { renderReport } from "@/lib/report";
import { getConfig, getDb } from "@/lib/runtime";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The post-incident report of the live incident, or of `?incident=ID`, as Markdown or JSON. */
export const GET = withAuth("reader", async (request) => {
  const { format, incident } = readQuery(request, reportQuery);
  const db = await getDb();
  const incidentId = await chooseIncident(db, getConfig().incident.id, incident);
  const body = await renderReport(db, incidentId, format);
  const type = format === "md" ? "text/markdown; charset=utf-8" : "application/json";
  return new NextResponse(body, { headers: { "content-type": type, "cache-control": "no-store" } });
});
