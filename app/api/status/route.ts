import { withAuth } from "@/lib/auth";
import { readTaggedSnapshot } from "@/lib/snapshot/read";
import { matchesEtag } from "@/lib/http/etag";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// `no-cache`: a browser may keep the snapshot but asks every time (If-None-Match); `private`: never a shared cache.
const CACHE_CONTROL = "private, no-cache";

/**
 * The whole incident as one snapshot: incident, components, criteria, phases, tests, impact; 304 when the
 * client's copy is current. Next compresses the body for a reader that accepts it; it drops a route's own
 * content-encoding (send-response.js), so a gzip made once per build cannot be sent from here.
 */
export const GET = withAuth("reader", async (request: Request) => {
  const { body, etag } = await readTaggedSnapshot();
  const headers = { etag, "cache-control": CACHE_CONTROL };
  if (matchesEtag(request.headers.get("if-none-match"), etag)) return new Response(null, { status: 304, headers });
  return new Response(body, { headers: { ...headers, "content-type": "application/json" } });
});
