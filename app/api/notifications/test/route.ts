import { NextResponse } from "next/server";
import { readJson } from "@/lib/api/body";
import { notifyTestBody } from "@/lib/api/contract/notify";
import { withAuth } from "@/lib/auth";
import { publicUrl } from "@/lib/notify/public-url";
import { queueTestDelivery } from "@/lib/notify/test-send";
import { getConfig, getDb, getRuntime } from "@/lib/runtime";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Queues a test message on one channel; 202 with its delivery id (GET /api/notifications shows how it went). */
export const POST = withAuth("infra", async (request, actor) => {
  const body = await readJson(request, notifyTestBody);
  const delivery = await queueTestDelivery(await getDb(), getConfig(), body.channel, actor.name, publicUrl(getRuntime().env));
  return NextResponse.json({ delivery }, { status: 202 });
});
