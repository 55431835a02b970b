import { findOr404 } from "@/lib/api/context";
import { withAuth } from "@/lib/auth";
import { getScreenshot } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { getConfig, getDb } from "@/lib/runtime";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Params = { params: Promise<{ id: string; resultId: string }> };

/**
 * The PNG a failing browser probe run kept (docs/api.md). Readers with a token or session only: a page's
 * picture may show what the public status view must not, so public read does not reach it.
 */
export const GET = withAuth("reader", async (_request, principal, { params }: Params) => {
  if (!principal) throw new AppError("UNAUTHORIZED", "screenshots need a reader token or a signed-in session");
  const { id, resultId } = await params;
  const config = getConfig();
  findOr404(config.components, id, "component");
  if (!/^[1-9]\d{0,15}$/.test(resultId)) throw new AppError("NOT_FOUND", `no result with id "${resultId}"`);
  const png = await getScreenshot(await getDb(), config.incident.id, id, Number(resultId));
  if (!png) throw new AppError("NOT_FOUND", `result ${resultId} of ${id} has no screenshot`);
  return new Response(new Uint8Array(png), {
    headers: { "content-type": "image/png", "content-length": String(png.length), "cache-control": "private, no-store" },
  });
});
