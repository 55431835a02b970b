import { NextResponse } from "next/server";
import { readJson } from "@/lib/api/body";
import { incidentStateBody } from "@/lib/api/contract/workflow";
import { writeContext } from "@/lib/api/context";
import { withAuth } from "@/lib/auth";
import { moveIncident } from "@/lib/incident/actions";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Moves the incident by hand (e.g. infra: investigating → remediating); 409 names the allowed moves. */
export const POST = withAuth("anyTeam", async (request, actor) => {
  const body = await readJson(request, incidentStateBody);
  const { config, db, bus, settle } = await writeContext();
  const state = await moveIncident(db, bus, config, actor, body.state, body.reason);
  await settle();
  return NextResponse.json({ state });
});
