import "server-only";
import { log } from "../log";
import { MAX_TIMER_MS } from "../probes/deadline";

// Runs each component on its own interval with jitter, at most `concurrency` checks at once across all
// components, never two runs of one component at once. A slot missed because the machine was busy is
// skipped rather than run late twice.
//
// First runs come soon after start (spread over `jitter` × interval, at most 5 s); every later run sits on the grid
// k × interval + offset, where the offset is a fraction of the interval derived from the component's id.
// So 2,000 components at 10 s run at an even 200/s rather than in a burst at the start of each interval,
// and every instance plans the same times. With `claim` (several instances share one database) each
// timer-driven run first claims its slot, ⌊planned time / interval⌋, and is skipped when another instance
// has it: a slot is one interval, so even first runs at different times on two instances share slots.
//
// Retries: while `retrying` says a component's streak is confirming (failing below failureThreshold), or an
// unknown is being retried (retryingOf in status-machine.ts), its
// next run comes retryInterval (default 5 s) after the last one finished instead of on the grid, so a
// threshold of 3 confirms in about 10 s rather than two intervals. A retry is planned only by the instance
// that ran the check and saw the streak, so it runs once without a claim (and stores no slot); the grid
// runs go on as before, claimed, and the first grid time after the retry follows it.

// First runs spread over jitter × interval but at most 5 s, so a fresh start knows every component within
// seconds (a 1 m interval would otherwise wait up to 12 s); 2,000 components over 5 s is 400 starts/s,
// still bounded by `concurrency`.
const FIRST_RUN_SPREAD_MAX_MS = 5_000;

/** What the scheduler needs of a component. */
export interface Schedulable {
  id: string;
  interval: number;
  /** The delay before a retry while `retrying` holds; ignored unless shorter than interval. */
  retryInterval?: number;
}

/** Options: the global concurrency bound and the fraction of an interval used to spread first runs. */
export interface SchedulerOptions {
  concurrency: number;
  /** When true no timers are set: only runNow() runs checks (the CLI and tests). */
  manual?: boolean;
  jitter?: number;
  random?: () => number;
  /**
   * Asked before each timer-driven run with its planned time; false skips the run (another instance owns
   * the slot). runNow() never asks.
   */
  claim?: (component: Schedulable, scheduledAt: number) => Promise<boolean>;
  /** Asked after each run: true plans the next run retryInterval after it (a streak is confirming). */
  retrying?: (component: Schedulable) => boolean;
}

/** A running scheduler. */
export interface Scheduler<R> {
  /** Runs the given components (default: all) now, joining any run already in flight. */
  runNow(ids?: string[]): Promise<Map<string, R>>;
  /** Counts of runs started and slots skipped, for the benchmark and metrics. */
  stats(): { started: number; skipped: number; running: number; queued: number };
  /** Stops timers and waits for runs in flight. */
  stop(): Promise<void>;
}

/** A fraction in [0, 1) from a component id, the same on every instance: FNV-1a, then murmur3's final mix (ids like c1, c2 … differ only in their last bits). */
function stableFraction(id: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193);
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  return ((hash ^ (hash >>> 16)) >>> 0) / 2 ** 32;
}

/** A scheduled run has no caller to report to: its failure (a check or claim that threw) goes to the log. */
function logRunError(component: Schedulable, error: unknown): void {
  log.error(`scheduled run of ${component.id} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
}

/** The first time on the grid `k × interval + offset` (offset < interval) in a later slot than `at`. */
export function nextOnGrid(at: number, interval: number, offset: number): number {
  return (Math.floor(at / interval) + 1) * interval + offset;
}

/** The first time on the grid `k × interval + offset` after `at` (a retry off the grid is followed by this). */
function firstOnGridAfter(at: number, interval: number, offset: number): number {
  const inSlot = Math.floor(at / interval) * interval + offset;
  return inSlot > at ? inSlot : inSlot + interval;
}

/**
 * Starts scheduling `components`, calling `check` for each due run; timer-driven runs get their planned
 * time as `scheduledAt`, runNow() runs get undefined.
 */
export function startScheduler<C extends Schedulable, R>(
  components: C[],
  check: (component: C, scheduledAt?: number) => Promise<R>,
  options: SchedulerOptions,
): Scheduler<R> {
  const random = options.random ?? Math.random;
  const inFlight = new Map<string, Promise<R>>();
  const timers = new Map<string, NodeJS.Timeout>();
  // When each component's timer is due to fire, so a retry only ever brings a run forward.
  const planned = new Map<string, number>();
  const queue: (() => void)[] = [];
  let running = 0;
  let stopped = false;
  // Timer-driven runs still waiting for their claim: stop() waits for them too.
  const claiming = new Set<Promise<void>>();
  const counts = { started: 0, skipped: 0 };

  const acquire = () =>
    new Promise<void>((resolve) => {
      if (running < options.concurrency) {
        running++;
        resolve();
      } else queue.push(resolve);
    });
  const release = () => {
    const next = queue.shift();
    if (next) next();
    else running--;
  };

  function run(component: C, scheduledAt?: number): Promise<R> {
    const current = inFlight.get(component.id);
    if (current) return current;
    const promise = (async () => {
      await acquire();
      counts.started++;
      try {
        return await check(component, scheduledAt);
      } finally {
        release();
        inFlight.delete(component.id);
        planRetry(component);
      }
    })();
    inFlight.set(component.id, promise);
    return promise;
  }

  /** After a run: brings the next run forward to retryInterval from now while the component is retrying. */
  function planRetry(component: C): void {
    const retryInterval = component.retryInterval ?? component.interval;
    if (stopped || options.manual || retryInterval >= component.interval || !options.retrying?.(component)) return;
    const at = Date.now() + retryInterval;
    if (at >= (planned.get(component.id) ?? Infinity)) return;
    clearTimeout(timers.get(component.id));
    plan(component, at, true);
  }

  /** A timer-driven run: claims its slot first when claims are on; a retry is unclaimed (see the header). */
  async function runScheduled(component: C, at: number, retry: boolean): Promise<void> {
    if (retry) return void (await run(component));
    if (options.claim && !(await options.claim(component, at))) {
      counts.skipped++;
      return;
    }
    if (!stopped) await run(component, at);
  }

  function plan(component: C, at: number, retry = false): void {
    if (stopped) return;
    planned.set(component.id, at);
    const delay = Math.max(0, at - Date.now());
    // setTimeout fires at once for delays past 2^31-1 ms (about 24 days): wait in steps instead.
    if (delay > MAX_TIMER_MS) return void timers.set(component.id, setTimeout(() => plan(component, at), MAX_TIMER_MS));
    timers.set(
      component.id,
      setTimeout(() => {
        if (inFlight.has(component.id)) counts.skipped++;
        else {
          const pending = runScheduled(component, at, retry).catch((error: unknown) => logRunError(component, error));
          claiming.add(pending);
          void pending.finally(() => claiming.delete(pending));
        }
        const offset = offsets.get(component.id)!;
        let next = retry ? firstOnGridAfter(at, component.interval, offset) : nextOnGrid(at, component.interval, offset);
        while (next <= Date.now()) {
          next += component.interval;
          counts.skipped++;
        }
        plan(component, next);
      }, delay),
    );
  }

  const offsets = new Map(components.map((component) => [component.id, stableFraction(component.id) * component.interval]));
  const now = Date.now();
  if (!options.manual) {
    for (const component of components) plan(component, now + random() * Math.min(component.interval * (options.jitter ?? 0.2), FIRST_RUN_SPREAD_MAX_MS));
  }

  return {
    async runNow(ids) {
      const chosen = ids ? components.filter((component) => ids.includes(component.id)) : components;
      const results = await Promise.all(chosen.map(async (component) => [component.id, await run(component)] as const));
      return new Map(results);
    },
    stats: () => ({ ...counts, running, queued: queue.length }),
    async stop() {
      stopped = true;
      for (const timer of timers.values()) clearTimeout(timer);
      await Promise.allSettled([...claiming]);
      await Promise.allSettled([...inFlight.values()]);
    },
  };
}
