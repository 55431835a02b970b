import { NextResponse } from "next/server";
import { findOr404, writeContext } from "@/lib/api/context";
import { withAuth } from "@/lib/auth";
import { completePhase } from "@/lib/incident/actions";
import { readSnapshot } from "@/lib/snapshot/read";
import { AppError } from "@/lib/errors";
import { getConfig } from "@/lib/runtime";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

/** The phase's owner team marks it completed; a phase that has already ended is a 409. */
export const POST = withAuth(
  async (_request: Request, { params }: Context) => ({ owner: findOr404(getConfig().phases, (await params).id, "phase").owner }),
  async (_request, actor, { params }: Context) => {
    const { id } = await params;
    const before = (await readSnapshot()).phases.find((phase) => phase.id === id);
    if (before?.state === "done") throw new AppError("CONFLICT", `phase "${id}" already ended at ${before.endedAt}`);
    const { config, db, bus } = await writeContext();
    await completePhase(db, bus, config, id, actor);
    return NextResponse.json({ phase: (await readSnapshot()).phases.find((phase) => phase.id === id) }, { status: 201 });
  },
);
