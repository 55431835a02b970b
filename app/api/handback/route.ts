import { NextResponse } from "next/server";
import { readJson } from "@/lib/api/body";
import { handbackBody } from "@/lib/api/contract/workflow";
import { writeContext } from "@/lib/api/context";
import { withAuth } from "@/lib/auth";
import { moveIncident } from "@/lib/incident/actions";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The dev team confirms the handback, or rejects it with a reason (back to remediating). */
export const POST = withAuth("dev", async (request, actor) => {
  const body = await readJson(request, handbackBody);
  const { config, db, bus } = await writeContext();
  const to = body.action === "confirm" ? "handed_back" : "remediating";
  const offered = ["ready_for_handback", "handed_back"] as const;
  const state = await moveIncident(db, bus, config, actor, to, body.action === "reject" ? body.reason : undefined, [...offered]);
  return NextResponse.json({ state });
});
