import { NextResponse } from "next/server";
import { withAuth } from "@/lib/auth";
import { listTestCases } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { getConfig, getDb } from "@/lib/runtime";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Every case of one test run (docs/api.md): what "12 of 28" is made of. */
export const GET = withAuth("reader", async (_request, _principal, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  if (!/^[1-9]\d{0,15}$/.test(id)) throw new AppError("NOT_FOUND", `no test run with id "${id}"`);
  const cases = await listTestCases(await getDb(), getConfig().incident.id, Number(id));
  if (cases.length === 0) throw new AppError("NOT_FOUND", `test run ${id} has no stored cases`);
  return NextResponse.json({ testRunId: Number(id), cases }, { headers: { "cache-control": "no-store" } });
});
