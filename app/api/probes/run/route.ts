import { NextResponse } from "next/server";
import { readJson } from "@/lib/api/body";
import { probesRunBody } from "@/lib/api/contract/probes";
import { withAuth } from "@/lib/auth";
import { AppError } from "@/lib/errors";
import { getConfig, getEngine } from "@/lib/runtime";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Runs the chosen components' probes (default: all) now, in parallel, and returns the judged results. */
export const POST = withAuth("infra", async (request) => {
  const { components: ids } = await readJson(request, probesRunBody, {});
  const known = new Set(getConfig().components.map((component) => component.id));
  const unknown = (ids ?? []).filter((id) => !known.has(id));
  if (unknown.length > 0) throw new AppError("NOT_FOUND", `no component with id ${unknown.map((id) => `"${id}"`).join(", ")}`);
  const engine = getEngine();
  if (!engine) throw new AppError("NOT_READY", "the probe engine has not started (is storage available?)");
  return NextResponse.json({ results: await engine.runNow(ids) });
});
