import "server-only";
import type { Db } from "../db";
import { rollUpResults, type RollupSummary } from "../db/rollups";
import { log } from "../log";
import { messageOf } from "../message-of";

// Retention runs on a timer beside the engine: raw results older than keepRawMs are rolled up (minute and
// hour buckets) and deleted. The timer is unref'd so it never keeps the process alive on its own.

/** Options of startRetention; now is injectable for tests. */
export interface RetentionOptions {
  keepRawMs: number;
  /** Pause between passes (default 10 minutes); the first pass runs at once. */
  everyMs?: number;
  now?: () => Date;
}

/** A running retention timer. */
export interface Retention {
  /** Runs one pass now (or joins the pass already running) and returns what it did. */
  runNow(): Promise<RollupSummary>;
  stop(): void;
}

const DEFAULT_RETENTION_EVERY_MS = 10 * 60_000;

/** Starts rolling up raw results older than keepRawMs every everyMs; a failed pass is logged and retried next tick. */
export function startRetention(db: Db, incidentId: string, { keepRawMs, everyMs = DEFAULT_RETENTION_EVERY_MS, now = () => new Date() }: RetentionOptions): Retention {
  let running: Promise<RollupSummary> | null = null;
  let stopped = false;
  const runNow = () => {
    running ??= rollUpResults(db, incidentId, new Date(now().getTime() - keepRawMs)).finally(() => (running = null));
    return running;
  };
  const tick = () => {
    if (stopped) return;
    runNow().then(
      (summary) => summary.rolledUp > 0 && log.info(`retention: rolled up ${summary.rolledUp} raw results older than ${new Date(now().getTime() - keepRawMs).toISOString()}`),
      (error: unknown) => log.warn(`retention pass failed (retrying in ${everyMs} ms): ${messageOf(error)}`),
    );
  };
  const timer = setInterval(tick, everyMs);
  timer.unref();
  const first = setTimeout(tick, 0);
  first.unref();
  return {
    runNow,
    stop() {
      stopped = true;
      clearInterval(timer);
      clearTimeout(first);
    },
  };
}
