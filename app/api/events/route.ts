import { getAuth, withAuth } from "@/lib/auth";
import { clientIp } from "@/lib/auth/client-ip";
import { sessionOf } from "@/lib/auth/revocation";
import { createEventStream } from "@/lib/events/sse-stream";
import { getStreamRegistry } from "@/lib/events/sse-limits";
import { readLastEventId, SSE_HEADERS } from "@/lib/events/sse";
import { closeConnection, responseOf, watchNodeResponses } from "@/lib/http/node-response";
import { latestTimelineId, replayTimeline } from "@/lib/events/sse-replay";
import { log } from "@/lib/log";
import { getBus, getConfig, getDb } from "@/lib/runtime";
import { messageOf } from "@/lib/message-of";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

watchNodeResponses("/api/events"); // boot() already did; in case this bundle has its own copy of the module

/** Live events as `text/event-stream`; `Last-Event-ID` (or `?lastEventId=`) replays the timeline after it first. */
export const GET = withAuth("reader", async (request, principal) => {
  let queuedBytes = () => 0;
  // Over a cap: 429 (this user) or 503 (this server), JSON with a code and Retry-After. Anonymous readers
  // count per address only behind a proxy that names it; otherwise they would all share one cap.
  const ip = clientIp(request, getAuth().trusted);
  const user = principal?.name ?? (ip === "unknown" ? null : `anonymous@${ip}`);
  const release = getStreamRegistry().open(user, () => queuedBytes());
  const session = sessionOf(request);
  const live = createEventStream({
    bus: getBus(),
    lastEventId: readLastEventId(request),
    replay: async (afterId, limit) => replayTimeline(await getDb(), getConfig().incident.id, afterId, limit),
    head: async () => latestTimelineId(await getDb(), getConfig().incident.id),
    signal: request.signal,
    response: responseOf(request),
    session: session ? { id: session.id, expiresAt: session.expiresAt } : undefined,
    onError: (error) => log.warn(`SSE replay failed: ${messageOf(error)}`),
    onEnd: (reason) => {
      release();
      if (reason !== "slow-reader") return;
      // The queue is dropped already; the socket still holds what it took, so it is closed too.
      closeConnection(request);
      getStreamRegistry().noteSlowReader();
      log.info(`SSE: closed the stream of ${principal?.name ?? "an anonymous reader"}: its reader fell too far behind`);
    },
  });
  queuedBytes = live.queuedBytes;
  return new Response(live.stream, { headers: SSE_HEADERS });
});
