// The SSE load bench's clients: raw HTTP streams on GET /api/events that count what they get without
// parsing most of it (a thousand of them share this process with the measuring). Every client notes when
// each timeline note reaches it; "observers" also parse their component events for the delay since the
// probe ended (checkedAt + latencyMs).
import http from "node:http";

const BLOCK_END = Buffer.from("\n\n");
const COMPONENT = Buffer.from("event: component\n");
const NOTE = Buffer.from("sse load note ");

/** The text of note number n (what the bench posts and the clients look for). */
export const noteText = (tag: string, n: number) => `sse load note ${n} ${tag}`;

/** What one client saw. */
export interface LoadClient {
  components(): number;
  closed(): boolean;
  close(): void;
}

/** What every client reports to: a note's number when it arrives, a component event's delay (observers). */
export interface Receiver {
  note(client: number, n: number): void;
  componentDelay(ms: number): void;
}

/** Number of `needle` in `haystack`. */
function count(haystack: Buffer, needle: Buffer): number {
  let found = 0;
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + needle.length)) found++;
  return found;
}

/** The delays of the component events in `blocks` (text of whole SSE blocks), since each probe ended. */
function componentDelays(blocks: string, now: number): number[] {
  const delays: number[] = [];
  for (const block of blocks.split("\n\n")) {
    if (!block.startsWith("event: component\n")) continue;
    const data = JSON.parse(block.slice(block.indexOf("data: ") + 6)) as { checkedAt: string; latencyMs: number | null };
    delays.push(now - Date.parse(data.checkedAt) - (data.latencyMs ?? 0));
  }
  return delays;
}

/** Opens one stream; resolves once its response is 200. */
export function openLoadClient(url: string, token: string, index: number, observer: boolean, receiver: Receiver): Promise<LoadClient> {
  return new Promise((resolve, reject) => {
    const request = http.get(`${url}/api/events`, { agent: false, headers: { authorization: `Bearer ${token}`, accept: "text/event-stream" } }, (response) => {
      if (response.statusCode !== 200) return reject(new Error(`GET /api/events: ${response.statusCode}`));
      let carry: Buffer = Buffer.alloc(0);
      let [components, closed] = [0, false];
      response.on("data", (chunk: Buffer) => {
        const now = Date.now();
        const buffer = carry.length === 0 ? chunk : Buffer.concat([carry, chunk]);
        const end = buffer.lastIndexOf(BLOCK_END);
        if (end < 0) return void (carry = buffer);
        const whole = buffer.subarray(0, end + 2);
        carry = Buffer.from(buffer.subarray(end + 2));
        components += count(whole, COMPONENT);
        for (let at = whole.indexOf(NOTE); at >= 0; at = whole.indexOf(NOTE, at + NOTE.length)) {
          const digits = /^\d+/.exec(whole.toString("latin1", at + NOTE.length, at + NOTE.length + 12));
          if (digits) receiver.note(index, Number(digits[0]));
        }
        if (observer) for (const delay of componentDelays(whole.toString("utf8"), now)) receiver.componentDelay(delay);
      });
      response.on("close", () => (closed = true));
      resolve({ components: () => components, closed: () => closed, close: () => request.destroy() });
    });
    request.on("error", reject);
  });
}

/** Opens `total` connections fifty at a time (not a SYN flood), connection i by `open(i)`; all or nothing. */
export async function openInBatches<T extends { close(): void }>(total: number, open: (index: number) => Promise<T>): Promise<T[]> {
  const opened: T[] = [];
  try {
    for (let first = 0; first < total; first += 50) {
      const settled = await Promise.allSettled(Array.from({ length: Math.min(50, total - first) }, (_, offset) => open(first + offset)));
      for (const outcome of settled) if (outcome.status === "fulfilled") opened.push(outcome.value);
      const failed = settled.find((outcome) => outcome.status === "rejected");
      if (failed) throw failed.reason;
    }
    return opened;
  } catch (error) {
    for (const connection of opened) connection.close();
    throw error;
  }
}

/** Opens `total` load clients, the first `observers` of them parsing their component events. */
export const openLoadClients = (url: string, token: string, total: number, observers: number, receiver: Receiver) =>
  openInBatches(total, (index) => openLoadClient(url, token, index, index < observers, receiver));
