import { statusReadQuery } from "@/lib/api/contract/status";
import { readQuery } from "@/lib/api/query";
import { withAuth } from "@/lib/auth";
import { readTaggedSnapshot } from "@/lib/snapshot/read";
import { matchesEtag } from "@/lib/http/etag";
import { acceptsGzip } from "@/lib/http/accept-encoding";
import { responseOf, watchNodeResponses } from "@/lib/http/node-response";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

watchNodeResponses("/api/status"); // boot() already did; in case this bundle has its own copy of the module

// `no-cache`: a browser may keep the snapshot but asks every time (If-None-Match); `private`: never a shared cache.
const CACHE_CONTROL = "private, no-cache";

/**
 * The whole incident as one snapshot: incident, components, criteria, phases, tests, impact; 304 when the
 * client's copy is current. A reader that accepts gzip gets the gzip made once per build: Next drops a
 * route's own `content-encoding`, so it is set on Node's response, where Next's compression sees it and
 * leaves the body alone (lib/http/node-response.ts). Elsewhere (a handler called directly) Next compresses.
 * `?fresh=1` waits for a build that holds every event heard so far (lib/snapshot/read.ts).
 */
export const GET = withAuth("reader", async (request: Request) => {
  const { fresh } = readQuery(request, statusReadQuery);
  const tagged = await readTaggedSnapshot({ fresh: fresh === "1" });
  const headers = { etag: tagged.etag, "cache-control": CACHE_CONTROL, vary: "accept-encoding" };
  if (matchesEtag(request.headers.get("if-none-match"), tagged.etag)) return new Response(null, { status: 304, headers });
  const json = { ...headers, "content-type": "application/json" };
  const node = responseOf(request);
  if (!node || !acceptsGzip(request.headers.get("accept-encoding"))) return new Response(tagged.body, { headers: json });
  const gzipped = await tagged.gzipped();
  node.setHeader("content-encoding", "gzip");
  return new Response(gzipped, { headers: json });
});
