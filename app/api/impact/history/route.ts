import { NextResponse } from "next/server";
import { withAuth } from "@/lib/auth";
import { readImpactHistory } from "@/lib/snapshot/impact-history";
import { getConfig, getDb } from "@/lib/runtime";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** ARR at risk at each component change point since the incident started, oldest first (at most 200 points). */
export const GET = withAuth("reader", async () =>
  NextResponse.json(await readImpactHistory(await getDb(), getConfig(), new Date()), { headers: { "cache-control": "no-store" } }),
);
