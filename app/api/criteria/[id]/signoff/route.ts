import { NextResponse } from "next/server";
import { readJson } from "@/lib/api/body";
import { findOr404, writeContext } from "@/lib/api/context";
import { signoffBody } from "@/lib/api/contract/workflow";
import { withAuth } from "@/lib/auth";
import type { Principal } from "@/lib/auth";
import { signCriterion } from "@/lib/incident/actions";
import { readSnapshot } from "@/lib/snapshot/read";
import { getConfig } from "@/lib/runtime";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

/** Only the criterion's owner team may sign or revoke it. */
const ownerRule = async (_request: Request, { params }: Context) => ({ owner: findOr404(getConfig().criteria, (await params).id, "criterion").owner });

function handle(action: "sign" | "revoke") {
  return async (request: Request, actor: Principal, { params }: Context) => {
    const { id } = await params;
    // A sign-off may carry {"note","link"}; no body at all still signs. A revoke takes no body.
    const details = action === "sign" ? await readJson(request, signoffBody, {}) : {};
    const { config, db, bus, settle } = await writeContext();
    await signCriterion(db, bus, config, id, actor, action, details);
    await settle();
    const criterion = (await readSnapshot()).criteria.find((candidate) => candidate.id === id);
    return NextResponse.json({ criterion }, { status: action === "sign" ? 201 : 200 });
  };
}

/** Signs a sign-off criterion, optionally with `{"note","link"}`. */
export const POST = withAuth(ownerRule, handle("sign"));
/** Revokes the sign-off. */
export const DELETE = withAuth(ownerRule, handle("revoke"));
