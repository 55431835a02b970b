import { NextResponse } from "next/server";
import { readJson } from "@/lib/api/body";
import { handbackBody } from "@/lib/api/contract/workflow";
import { writeContext } from "@/lib/api/context";
import { withAuth } from "@/lib/auth";
import { moveIncident, rejectHandback } from "@/lib/incident/actions";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The dev team confirms the handback, or rejects it with a reason and the disputed criteria (back to remediating). */
export const POST = withAuth("dev", async (request, actor) => {
  const body = await readJson(request, handbackBody);
  const { config, db, bus } = await writeContext();
  const state =
    body.action === "confirm"
      ? await moveIncident(db, bus, config, actor, "handed_back", undefined, ["ready_for_handback", "handed_back"])
      : await rejectHandback(db, bus, config, actor, body.reason, body.criteria);
  return NextResponse.json({ state });
});
