import "server-only";

// Start-up steps that need storage are retried until they succeed: a server started while its database
// is still coming up (or a data dir still held by a stopping process) must start probing once it can,
// not stay up forever doing nothing.

/** Delays of retryWithBackoff: the first, doubled after each failure up to the longest. */
export interface BackoffOptions {
  firstDelayMs?: number;
  maxDelayMs?: number;
  /** Called after each failed attempt with the delay before the next one. */
  onFailure?: (error: unknown, nextDelayMs: number) => void;
}

/** A loop of attempts; `done` resolves true once one succeeded, false when stopped first. */
export interface Retrying {
  /** Settles when the first attempt has (so a caller can wait for the common, quick case). */
  first: Promise<void>;
  done: Promise<boolean>;
  /** No attempt starts after this; resolves once the attempt in flight, if any, has ended. */
  stop(): Promise<void>;
}

/** Runs `attempt` now and again after each failure, with doubling delays, until it succeeds or stop(). */
export function retryWithBackoff(attempt: () => Promise<void>, options: BackoffOptions = {}): Retrying {
  const maxDelayMs = options.maxDelayMs ?? 15_000;
  let delay = options.firstDelayMs ?? 500;
  let stopped = false;
  let wake: (() => void) | null = null;
  let markFirst = () => {};
  const first = new Promise<void>((resolve) => (markFirst = resolve));
  const done = (async () => {
    for (;;) {
      try {
        await attempt();
        return true;
      } catch (error) {
        if (stopped) return false;
        options.onFailure?.(error, delay);
      } finally {
        markFirst();
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        wake = () => (clearTimeout(timer), resolve());
      });
      wake = null;
      if (stopped) return false;
      delay = Math.min(delay * 2, maxDelayMs);
    }
  })();
  return {
    first,
    done,
    async stop() {
      stopped = true;
      wake?.();
      await done;
    },
  };
}
