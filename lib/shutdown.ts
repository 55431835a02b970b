import "server-only";
import { log } from "./log";
import { messageOf } from "./message-of";

// Graceful stop on SIGTERM/SIGINT: a rolling restart or `docker stop` must not lose the results a process
// holds (probes in flight, the storage-outage buffer) nor leave an embedded store half-written. Next.js
// exits on these signals by itself unless NEXT_MANUAL_SIG_HANDLE is set; `npm start` sets it.

/** How long probes in flight may take to finish (and be stored) when a server or worker stops. */
export const PROBE_GRACE_MS = 3_000;

/** One thing to stop; steps run in order, and one that throws is logged while the rest still run. */
export interface ShutdownStep {
  name: string;
  run: () => Promise<unknown> | unknown;
}

/** Resolves true when `work` settles within `ms`, false when the time runs out first (work goes on). */
export async function settledWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([work.then(() => true, () => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Runs the steps in order; true when every step finished without error before the deadline. */
export async function runShutdown(steps: readonly ShutdownStep[], deadlineMs: number): Promise<boolean> {
  const started = Date.now();
  let clean = true;
  const all = (async () => {
    for (const step of steps) {
      try {
        await step.run();
      } catch (error) {
        clean = false;
        log.error(`shutdown: ${step.name} failed: ${messageOf(error)}`);
      }
    }
  })();
  if (!(await settledWithin(all, deadlineMs))) {
    log.error(`shutdown: not finished after ${deadlineMs} ms; exiting anyway`);
    return false;
  }
  log.info(`shutdown: ${clean ? "stopped cleanly" : "stopped with errors"} in ${Date.now() - started} ms`);
  return clean;
}

/**
 * On the first SIGTERM or SIGINT, runs the steps and exits (0 when clean, 1 otherwise). Later signals are
 * ignored: Ctrl-C reaches both `npm start` and the server, and `npm start` forwards it too, so one
 * keystroke arrives twice; the deadline bounds the stop anyway. `steps` is called at signal time.
 */
export function exitOnSignals(steps: () => readonly ShutdownStep[], deadlineMs: number): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log.info(`shutdown: ${signal} received; stopping probes and writing what is held in memory`);
    void runShutdown(steps(), deadlineMs).then((clean) => process.exit(clean ? 0 : 1));
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
}
