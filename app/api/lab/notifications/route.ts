import { NextResponse } from "next/server";
import { withAuth } from "@/lib/auth";
import { AppError } from "@/lib/errors";
import { getLab } from "@/lib/runtime";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** What the lab's webhook, Slack and SMTP sinks received: the demo shows notifications without any account. */
export const GET = withAuth("reader", async () => {
  const lab = getLab();
  if (!lab) throw new AppError("NOT_FOUND", "the fault lab is not enabled (config `lab.enabled`)");
  return NextResponse.json({ messages: lab.notifications() }, { headers: { "cache-control": "no-store" } });
});
