import { NextResponse } from "next/server";
import { checkStorage } from "@/lib/snapshot/readiness";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Readiness: 200 while storage answers, else 503 with a fixed reason (also while the server shuts down). */
export async function GET() {
  const storage = await checkStorage();
  const headers = { "cache-control": "no-store" };
  if (storage.ready) return NextResponse.json({ status: "ready", storage: storage.backend }, { headers });
  const { reason } = storage;
  return NextResponse.json(
    { status: "unavailable", reason, error: { code: "NOT_READY", message: reason } },
    { status: 503, headers },
  );
}
