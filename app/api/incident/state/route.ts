import { NextResponse } from "next/server";
import { z } from "zod";
import { readJson } from "@/lib/api/body";
import { writeContext } from "@/lib/api/context";
import { withAuth } from "@/lib/auth";
import { moveIncident } from "@/lib/engine/actions";
import { INCIDENT_STATES } from "@/lib/types";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const bodySchema = z.strictObject({ state: z.enum(INCIDENT_STATES), reason: z.string().max(2000).optional() });

/** Moves the incident by hand (e.g. infra: investigating → remediating); 409 names the allowed moves. */
export const POST = withAuth("anyTeam", async (request, actor) => {
  const body = await readJson(request, bodySchema);
  const { config, db, bus, settle } = await writeContext();
  const state = await moveIncident(db, bus, config, actor, body.state, body.reason);
  await settle();
  return NextResponse.json({ state });
});
