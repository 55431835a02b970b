import { NextResponse } from "next/server";
import { openApiDocument } from "@/lib/api/contract/document";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The API's OpenAPI 3.1 document, generated from the zod contract; public: it describes routes, never data or secrets. */
export function GET() {
  return NextResponse.json(openApiDocument(), { headers: { "cache-control": "no-store" } });
}
