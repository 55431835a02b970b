import "server-only";
import { log } from "../log";
import { MAX_TIMER_MS } from "../probes/deadline";

// Runs each component on its own interval with jitter, at most `concurrency` checks at once across all
// components, never two runs of one component at once. A slot missed because the machine was busy is
// skipped rather than run late twice.
//
// First runs come soon after start (spread over `jitter` × interval); every later run sits on the grid
// k × interval + offset, where the offset is a fraction of the interval derived from the component's id.
// So 2,000 components at 10 s run at an even 200/s rather than in a burst at the start of each interval,
// and every instance plans the same times. With `claim` (several instances share one database) each
// timer-driven run first claims its slot, ⌊planned time / interval⌋, and is skipped when another instance
// has it: a slot is one interval, so even first runs at different times on two instances share slots.

/** What the scheduler needs of a component. */
export interface Schedulable {
  id: string;
  interval: number;
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
      }
    })();
    inFlight.set(component.id, promise);
    return promise;
  }

  /** A timer-driven run: claims its slot first when claims are on. */
  async function runScheduled(component: C, at: number): Promise<void> {
    if (options.claim && !(await options.claim(component, at))) {
      counts.skipped++;
      return;
    }
    if (!stopped) await run(component, at);
  }

  function plan(component: C, at: number): void {
    if (stopped) return;
    const delay = Math.max(0, at - Date.now());
    // setTimeout fires at once for delays past 2^31-1 ms (about 24 days): wait in steps instead.
    if (delay > MAX_TIMER_MS) return void timers.set(component.id, setTimeout(() => plan(component, at), MAX_TIMER_MS));
    timers.set(
      component.id,
      setTimeout(() => {
        if (inFlight.has(component.id)) counts.skipped++;
        else {
          const pending = runScheduled(component, at).catch((error: unknown) => logRunError(component, error));
          claiming.add(pending);
          void pending.finally(() => claiming.delete(pending));
        }
        let next = nextOnGrid(at, component.interval, offsets.get(component.id)!);
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
    for (const component of components) plan(component, now + random() * component.interval * (options.jitter ?? 0.2));
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
