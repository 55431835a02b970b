import "server-only";

// Runs each component on its own interval with jitter, at most `concurrency` checks at once across all
// components, never two runs of one component at once. A slot missed because the machine was busy is
// skipped rather than run late twice.

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

/** Starts scheduling `components`, calling `check` for each due run. */
export function startScheduler<C extends Schedulable, R>(
  components: C[],
  check: (component: C) => Promise<R>,
  options: SchedulerOptions,
): Scheduler<R> {
  const random = options.random ?? Math.random;
  const inFlight = new Map<string, Promise<R>>();
  const timers = new Map<string, NodeJS.Timeout>();
  const queue: (() => void)[] = [];
  let running = 0;
  let stopped = false;
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

  function run(component: C): Promise<R> {
    const current = inFlight.get(component.id);
    if (current) return current;
    const promise = (async () => {
      await acquire();
      counts.started++;
      try {
        return await check(component);
      } finally {
        release();
        inFlight.delete(component.id);
      }
    })();
    inFlight.set(component.id, promise);
    return promise;
  }

  function plan(component: C, at: number): void {
    if (stopped) return;
    const delay = Math.max(0, at - Date.now());
    timers.set(
      component.id,
      setTimeout(() => {
        if (inFlight.has(component.id)) counts.skipped++;
        else void run(component).catch(() => undefined);
        let next = at + component.interval;
        while (next <= Date.now()) {
          next += component.interval;
          counts.skipped++;
        }
        plan(component, next);
      }, delay),
    );
  }

  const now = Date.now();
  if (!options.manual) for (const component of components) plan(component, now + random() * component.interval * (options.jitter ?? 0.2));

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
      await Promise.allSettled([...inFlight.values()]);
    },
  };
}
