import "server-only";
import type { IncidentConfig } from "../config";
import type { Db } from "../db";
import type { EventBus } from "../events/bus";
import { log } from "../log";
import { announceOverdueUpdate } from "./announce-overdue";
import { readProgress } from "./progress";
import { reconcile } from "./reconcile";

/** Runs reconciliation one at a time: on request (coalesced), right now (awaited), and on a timer. */
export interface Workflow {
  /** Schedules a reconciliation soon, coalescing bursts (after each probe result). */
  request(): void;
  /** Reconciles now, after any run in flight; API writes await this so their answer is current. */
  now(): Promise<void>;
  stop(): void;
}

const COALESCE_MS = 200;
// Staleness and the update cadence change with time alone, so they are looked at on a timer too.
const TICK_MS = 15_000;

/** Creates the workflow for this process and starts its timer. */
export function startWorkflow(db: Db, config: IncidentConfig, bus: EventBus): Workflow {
  let chain: Promise<void> = Promise.resolve();
  let pending: NodeJS.Timeout | null = null;
  const serial = (work: () => Promise<unknown>) => {
    chain = chain.then(work).then(
      () => undefined,
      (error: unknown) => log.warn(`reconcile failed: ${error instanceof Error ? error.message : String(error)}`),
    );
    return chain;
  };
  const run = () => serial(() => reconcile(db, config, bus));
  const announce = async () => announceOverdueUpdate(db, config, bus, (await readProgress(db, config, new Date())).cadence);
  const tick = setInterval(() => void serial(async () => (await reconcile(db, config, bus), await announce())), TICK_MS);
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
    },
  };
}
