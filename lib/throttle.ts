// A leading-edge throttle, shared by the SSE stream (server) and the live provider (browser); no imports.

/** Schedules `flush` for the callers of `request()`: at once after a quiet spell, else once per window. */
export interface Throttle {
  request(): void;
  cancel(): void;
}

/**
 * Runs `flush` at most once per `ms`: a request after `ms` of quiet runs it after `leadMs` only (events
 * that come together, like a transition's timeline and component events, still go out together), and
 * requests within the window share one run at its end (one write per window under load).
 */
export function createThrottle(flush: () => void, ms: number | (() => number), leadMs = 0, now: () => number = Date.now): Throttle {
  const windowMs = typeof ms === "number" ? () => ms : ms;
  let last = -Infinity;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const run = () => {
    timer = undefined;
    last = now();
    flush();
  };
  return {
    request() {
      if (timer) return;
      timer = setTimeout(run, Math.max(leadMs, last + windowMs() - now()));
    },
    cancel() {
      clearTimeout(timer);
      timer = undefined;
    },
  };
}
