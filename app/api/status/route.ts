import { NextResponse } from "next/server";
import { withAuth } from "@/lib/auth";
import { readSnapshot } from "@/lib/snapshot/read";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The whole incident as one snapshot: incident, components, criteria, phases, tests, impact. */
export const GET = withAuth("reader", async () => NextResponse.json(await readSnapshot(), { headers: { "cache-control": "no-store" } }));
