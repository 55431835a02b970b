import "server-only";
import type { BusEvent } from "./bus";

// Timeline entries reach a stream out of order when several instances write them: instance B's entry 11
// arrives at once (in process) while A's 10 is still on its way through Redis, and a stream that had
// simply forwarded 11 then dropped 10 as "already seen". Ids are made visible in commit order
// (lib/db/timeline.ts) and every entry is stored before it is published, so a gap is filled from storage:
// on an entry past `watermark + 1`, the stream reads (watermark, id] and sends it in order. The same read
// serves the Last-Event-ID resume. Events that arrive meanwhile wait their turn, so ids never go backwards.

/** Reads at most `limit` timeline entries after `afterId`, ascending. */
export type ReadTimeline = (afterId: number, limit: number) => Promise<BusEvent[]>;

/** What the ordering tells its stream. */
export interface TimelineOrderOptions {
  /** The client's resume point; null: start after `head()`, or at the first entry that arrives. */
  after: number | null;
  read: ReadTimeline;
  /** The newest stored timeline id, where a stream without a resume point starts (so a late entry is not lost). */
  head?: () => Promise<number>;
  /** Entries a catch-up may send; more than that is a `resync` instead. */
  limit: number;
  emit(event: BusEvent): void;
  resync(reason: "replay-failed" | "replay-too-long", error?: unknown): void;
}

/** Orders timeline events for one stream; `catchUp()` replays the resume, `accept()` takes live events. */
export interface TimelineOrder {
  accept(event: BusEvent): void;
  catchUp(): void;
}

/** Creates the ordering of one stream's timeline events. */
export function createTimelineOrder(options: TimelineOrderOptions): TimelineOrder {
  let watermark = options.after;
  let waiting: BusEvent[] = [];
  let busy = false;

  const send = (event: BusEvent) => {
    if (watermark !== null && event.id <= watermark) return;
    watermark = event.id;
    options.emit(event);
  };

  /** The stream cannot fill the gap: the client refetches everything, and ordering restarts at `held`. */
  const giveUp = (reason: "replay-failed" | "replay-too-long", held: BusEvent[], error?: unknown) => {
    options.resync(reason, error);
    watermark = null;
    held.forEach(send);
  };

  /** Reads (watermark, upTo] (or up to the limit for a resume) from storage and sends it with `held`, in order. */
  const fill = async (upTo: number | null, held: BusEvent[]) => {
    const from = watermark ?? 0;
    const wanted = upTo === null ? options.limit + 1 : Math.min(upTo - from, options.limit + 1);
    let stored: BusEvent[];
    try {
      stored = await options.read(from, wanted);
    } catch (error) {
      return giveUp("replay-failed", held, error);
    }
    if (stored.length > options.limit) return giveUp("replay-too-long", held);
    const merged = [...stored.filter((event) => upTo === null || event.id <= upTo), ...held];
    merged.sort((a, b) => a.id - b.id).forEach(send);
  };

  const drain = async () => {
    busy = true;
    while (waiting.length > 0) {
      const batch = waiting.filter((event) => watermark === null || event.id > watermark).sort((a, b) => a.id - b.id);
      waiting = [];
      const first = batch[0];
      if (!first) break;
      if (watermark === null || first.id === watermark + 1) {
        send(first);
        waiting.unshift(...batch.slice(1));
        continue;
      }
      await fill(batch[batch.length - 1]!.id, batch);
    }
    busy = false;
  };

  return {
    accept(event) {
      if (watermark !== null && event.id <= watermark) return;
      waiting.push(event);
      if (!busy) void drain();
    },
    catchUp() {
      busy = true;
      if (watermark !== null) return void fill(null, []).then(drain);
      const head = options.head ?? (async () => null);
      void head()
        .catch(() => null)
        .then((id) => {
          watermark ??= id;
          return drain();
        });
    },
  };
}
