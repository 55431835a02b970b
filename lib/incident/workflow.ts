import "server-only";
import type { IncidentConfig } from "../config";
import type { Db } from "../db";
import type { EventBus } from "../events/bus";
import { log } from "../log";
import { announceOverdueUpdate } from "./announce-overdue";
import { readProgress } from "./progress";
import { reconcile } from "./reconcile";
import { messageOf } from "../message-of";

/** Runs reconciliation one at a time: on request (coalesced), right now (awaited), and on a timer. */
export interface Workflow {
  /** Schedules a reconciliation soon, coalescing bursts (after each probe result). */
  request(): void;
  /** Reconciles now, after any run in flight; API writes await this so their answer is current. */
  now(): Promise<void>;
  /** Stops the timers; resolves once the reconcile running (and the one waiting) has finished. */
  stop(): Promise<void>;
}

const COALESCE_MS = 200;
// Staleness and the update cadence change with time alone, so they are looked at on a timer too.
const TICK_MS = 15_000;
const FAILURE_LOG_EVERY_MS = 60_000;

/** Creates the workflow for this process and starts its timer. */
export function startWorkflow(db: Db, config: IncidentConfig, bus: EventBus): Workflow {
  // At most one reconcile runs and one waits: whoever asks while one runs shares the waiting one, which
  // starts after it and so sees everything stored before the ask. (A queue per ask grows without bound
  // once a reconcile takes longer than the asks are apart, and an API write would wait for all of it.)
  let current: Promise<void> = Promise.resolve();
  let waiting: Promise<void> | null = null;
  let announceDue = false;
  // During a storage outage every probe result asks for a reconcile, and each fails: say so once, then at
  // most once a minute with a count, and once more when it works again.
  let failingSince: number | null = null;
  let failuresUnlogged = 0;
  let lastFailureLog = 0;
  const onSuccess = () => {
    if (failingSince === null) return;
    log.info(`reconcile works again (failing since ${new Date(failingSince).toISOString()})`);
    [failingSince, failuresUnlogged] = [null, 0];
  };
  const onFailure = (error: unknown) => {
    const now = Date.now();
    failingSince ??= now;
    if (now - lastFailureLog < FAILURE_LOG_EVERY_MS) return void (failuresUnlogged += 1);
    const repeats = failuresUnlogged > 0 ? ` (and ${failuresUnlogged} more failures since the last message)` : "";
    log.warn(`reconcile failed: ${messageOf(error)}${repeats}`);
    [lastFailureLog, failuresUnlogged] = [now, 0];
  };
  const work = async () => {
    await reconcile(db, config, bus);
    if (!announceDue) return;
    announceDue = false;
    await announceOverdueUpdate(db, config, bus, (await readProgress(db, config, new Date())).cadence);
  };
  const run = (): Promise<void> => {
    waiting ??= current.then(() => {
      waiting = null;
      return work().then(onSuccess, onFailure);
    });
    current = waiting;
    return waiting;
  };
  let pending: NodeJS.Timeout | null = null;
  const tick = setInterval(() => {
    announceDue = true;
    void run();
  }, TICK_MS);
  tick.unref();
  return {
    request() {
      if (pending) return;
      pending = setTimeout(() => {
        pending = null;
        void run();
      }, COALESCE_MS);
    },
    now: run,
    stop() {
      clearInterval(tick);
      if (pending) clearTimeout(pending);
      return waiting ?? current;
    },
  };
}
