// SSE fan-out: raw HTTP clients on GET /api/events (parsing `event:` / `data:` blocks), then timeline notes
// posted to one instance; per client, the time from just before the POST to the note's timeline event.
import http from "node:http";
import { openInBatches } from "./sse-clients";
import { percentile, round } from "./stats";

interface SseClient {
  instance: number;
  closed: boolean;
  close(): void;
}

/** Opens one stream; `onTimeline` gets the text of every timeline event. Resolves once the response is 200. */
function openClient(url: string, token: string, instance: number, onTimeline: (text: string) => void): Promise<SseClient> {
  return new Promise((resolve, reject) => {
    const request = http.get(`${url}/api/events`, { agent: false, headers: { authorization: `Bearer ${token}`, accept: "text/event-stream" } }, (response) => {
      if (response.statusCode !== 200) return reject(new Error(`GET /api/events: ${response.statusCode}`));
      const client: SseClient = { instance, closed: false, close: () => request.destroy() };
      let buffer = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          // Most events are `component`: skip them before splitting lines (hundreds of thousands a minute).
          if (!block.includes("event: timeline")) continue;
          const data = block.split("\n").filter((line) => line.startsWith("data: ")).map((line) => line.slice(6)).join("\n");
          const text = (JSON.parse(data) as { text?: unknown }).text;
          if (typeof text === "string") onTimeline(text);
        }
      });
      response.on("close", () => (client.closed = true));
      resolve(client);
    });
    request.on("error", reject);
  });
}

/** Options: the instances (clients split evenly), tokens, and how many clients and notes. */
export interface FanOutOptions {
  urls: string[];
  readerToken: string;
  writerToken: string;
  clients: number;
  notes: number;
  /** A reception later than this counts as missed. */
  timeoutMs?: number;
}

const summary = (samples: number[]) => ({ receptions: samples.length, p50Ms: round(percentile(samples, 50)), p99Ms: round(percentile(samples, 99)), maxMs: round(Math.max(...samples, 0)) });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One note in flight: when it was posted and which clients have seen it. */
interface Note {
  postedAt: number;
  received: Set<number>;
  done: () => void;
}

/** Opens the clients fifty at a time, client i on instance i mod n; all or nothing. */
function openClients(options: FanOutOptions, onTimeline: (index: number, instance: number, text: string) => void): Promise<SseClient[]> {
  return openInBatches(options.clients, (index) => {
    const instance = index % options.urls.length;
    return openClient(options.urls[instance]!, options.readerToken, instance, (text) => onTimeline(index, instance, text));
  });
}

/** Posts a note; resolves with the POST's duration, or null when it did not answer within timeoutMs. */
async function postNote(options: FanOutOptions, text: string, timeoutMs: number): Promise<number | null> {
  const started = performance.now();
  const response = await fetch(`${options.urls[0]}/api/timeline`, {
    method: "POST",
    headers: { authorization: `Bearer ${options.writerToken}`, "content-type": "application/json" },
    body: JSON.stringify({ type: "note", text }),
    signal: AbortSignal.timeout(timeoutMs),
  }).catch(() => null);
  if (!response) return null;
  if (response.status !== 201) throw new Error(`POST /api/timeline: ${response.status} ${await response.text()}`);
  return performance.now() - started;
}

/**
 * Opens the clients, posts the notes one after another to the first instance, and closes the clients. A note
 * has timeoutMs to reach every client (later: missed) and its POST as long to answer; after three notes that
 * nobody received, the server is taken as saturated and the remaining notes are not posted.
 */
export async function measureFanOut(options: FanOutOptions) {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const tag = Math.random().toString(36).slice(2, 8);
  const pending = new Map<string, Note>();
  const samples: { instance: number; ms: number }[] = [];
  const opened = performance.now();
  const clients = await openClients(options, (index, instance, text) => {
    const note = pending.get(text);
    if (!note || note.received.has(index)) return;
    note.received.add(index);
    samples.push({ instance, ms: performance.now() - note.postedAt });
    if (note.received.size === options.clients) note.done();
  });
  try {
    const connectMs = round(performance.now() - opened);
    const posts: Promise<number | null>[] = [];
    let refused: unknown = null;
    let [posted, missed, silent] = [0, 0, 0];
    for (; posted < options.notes && silent < 3; posted++) {
      const text = `scale bench note ${tag}-${posted}`;
      const note: Note = { postedAt: performance.now(), received: new Set(), done: () => {} };
      const all = new Promise<void>((resolve) => (note.done = resolve));
      pending.set(text, note);
      // The next note waits for this one's receptions, not for its POST's answer (measured on its own).
      posts.push(postNote(options, text, timeoutMs).catch((error: unknown) => ((refused ??= error), null)));
      await Promise.race([all, sleep(timeoutMs)]);
      pending.delete(text);
      missed += options.clients - note.received.size;
      silent = note.received.size === 0 ? silent + 1 : 0;
      await sleep(250);
    }
    const postMs = (await Promise.all(posts)).filter((ms) => ms !== null);
    if (refused) throw refused;
    const ms = (instance?: number) => samples.filter((sample) => instance === undefined || sample.instance === instance).map((sample) => sample.ms);
    return {
      clients: options.clients,
      notes: posted,
      stoppedEarly: posted < options.notes,
      connectMs,
      post: { p50Ms: round(percentile(postMs, 50)), maxMs: round(Math.max(0, ...postMs)), timeouts: posted - postMs.length },
      ...summary(ms()),
      missed,
      closedEarly: clients.filter((client) => client.closed).length,
      byInstance: options.urls.map((_, instance) => summary(ms(instance))),
    };
  } finally {
    for (const client of clients) client.close();
  }
}
