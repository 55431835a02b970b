import { withAuth } from "@/lib/auth";
import { createEventStream } from "@/lib/events/sse-stream";
import { readLastEventId, SSE_HEADERS } from "@/lib/events/sse";
import { replayTimeline } from "@/lib/events/sse-replay";
import { log } from "@/lib/log";
import { getBus, getDb } from "@/lib/runtime";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Live events as `text/event-stream`; `Last-Event-ID` (or `?lastEventId=`) replays the timeline after it first. */
export const GET = withAuth("reader", async (request) => {
  const stream = createEventStream({
    bus: getBus(),
    lastEventId: readLastEventId(request),
    replay: async (afterId) => replayTimeline(await getDb(), afterId),
    signal: request.signal,
    onError: (error) => log.warn(`SSE replay failed: ${error instanceof Error ? error.message : String(error)}`),
  });
  return new Response(stream, { headers: SSE_HEADERS });
});
