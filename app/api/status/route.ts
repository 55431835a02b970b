import { withAuth } from "@/lib/auth";
import { readTaggedSnapshot } from "@/lib/snapshot/read";
import { matchesEtag } from "@/lib/http/etag";
import { acceptsGzip } from "@/lib/http/accept-encoding";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// `no-cache`: a browser may keep the snapshot but asks every time (If-None-Match); `private`: never a shared cache.
const CACHE_CONTROL = "private, no-cache";

/**
 * The whole incident as one snapshot: incident, components, criteria, phases, tests, impact; 304 when the
 * client's copy is current. A gzip body is made once per build and shared (lib/snapshot/read.ts), instead of
 * the server compressing ≈1 MB again for every reader.
 */
export const GET = withAuth("reader", async (request: Request) => {
  const tagged = await readTaggedSnapshot();
  const headers = { etag: tagged.etag, "cache-control": CACHE_CONTROL, vary: "accept-encoding" };
  if (matchesEtag(request.headers.get("if-none-match"), tagged.etag)) return new Response(null, { status: 304, headers });
  const json = { ...headers, "content-type": "application/json" };
  if (acceptsGzip(request.headers.get("accept-encoding"))) return new Response(await tagged.gzipped(), { headers: { ...json, "content-encoding": "gzip" } });
  return new Response(tagged.body, { headers: json });
});
