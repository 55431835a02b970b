import { NextResponse, type NextRequest } from "next/server";
import { z } from "zod";
import { AppError, errorResponse } from "@/lib/errors";
import { getConfig, getEngine } from "@/lib/runtime";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const bodySchema = z.strictObject({ components: z.array(z.string()).min(1).optional() });

async function readBody(request: NextRequest): Promise<string[] | undefined> {
  const text = await request.text();
  if (text.trim() === "") return undefined;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AppError("BAD_REQUEST", "body must be JSON: {\"components\":[\"id\",…]} or empty");
  }
  const parsed = bodySchema.safeParse(json);
  if (!parsed.success) throw new AppError("BAD_REQUEST", `components: ${parsed.error.issues[0]?.message ?? "invalid"}`);
  return parsed.data.components;
}

/** Runs the chosen components' probes (default: all) now, in parallel, and returns the judged results. */
export async function POST(request: NextRequest) {
  try {
    const ids = await readBody(request);
    const known = new Set(getConfig().components.map((component) => component.id));
    const unknown = (ids ?? []).filter((id) => !known.has(id));
    if (unknown.length > 0) throw new AppError("NOT_FOUND", `no component with id ${unknown.map((id) => `"${id}"`).join(", ")}`);
    const engine = getEngine();
    if (!engine) throw new AppError("NOT_READY", "the probe engine has not started (is storage available?)");
    return NextResponse.json({ results: await engine.runNow(ids) });
  } catch (error) {
    return errorResponse(error);
  }
}
