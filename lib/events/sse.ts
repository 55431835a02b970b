// Server-Sent Events wire format (https://html.spec.whatwg.org/multipage/server-sent-events.html).
// Pure string helpers, shared by the SSE route and its tests; no runtime imports.

/** One event as written to the stream. */
export interface SseMessage {
  id?: number | string;
  event?: string;
  data: unknown;
}

/** Writes `id:`, `event:` and `data:` lines; multi-line JSON is split over several `data:` lines. */
export function encodeEvent({ id, event, data }: SseMessage): string {
  const lines: string[] = [];
  if (id !== undefined) lines.push(`id: ${String(id).replace(/[\r\n]/g, "")}`);
  if (event !== undefined) lines.push(`event: ${event.replace(/[\r\n]/g, "")}`);
  const text = typeof data === "string" ? data : JSON.stringify(data ?? null);
  for (const line of text.split(/\r\n|\r|\n/)) lines.push(`data: ${line}`);
  return `${lines.join("\n")}\n\n`;
}

/** A comment line (`: ping`): keeps proxies and the browser from closing an idle stream. */
export function encodeComment(text: string): string {
  return `: ${text.replace(/[\r\n]/g, " ")}\n\n`;
}

/** Tells the browser how long to wait before its own reconnect attempt. */
export function encodeRetry(ms: number): string {
  return `retry: ${Math.max(0, Math.round(ms))}\n\n`;
}

/** The resume point: `Last-Event-ID` header, else `?lastEventId=`; null when absent or not a whole number ≥ 0. */
export function readLastEventId(request: Request): number | null {
  const raw = request.headers.get("last-event-id") ?? new URL(request.url).searchParams.get("lastEventId");
  if (raw === null || !/^\d{1,15}$/.test(raw.trim())) return null;
  return Number(raw.trim());
}

/** The response headers of an event stream: no caching, no proxy buffering; `no-transform` also keeps Next's gzip off it. */
export const SSE_HEADERS: Readonly<Record<string, string>> = {
  "Content-Type": "text/event-stream; charset=utf-8",
  "Cache-Control": "no-cache, no-transform",
  "X-Accel-Buffering": "no",
  Connection: "keep-alive",
};
