import "server-only";

// A sliding-window counter of failed authentications (sign-ins and Bearer tokens) per client, in memory (per process: behind several
// instances each keeps its own count). The map is bounded: when full, expired clients are swept and
// then the least recently failing one is dropped, so a flood of addresses cannot exhaust memory.

/** Limits for createRateLimiter; the defaults allow 10 failures per 5 minutes per client. */
export interface RateLimitOptions {
  limit?: number;
  windowMs?: number;
  maxKeys?: number;
}

/** Whether a client may try again, and if not, in how many whole seconds. */
export type RateLimitVerdict = { limited: false } | { limited: true; retryAfter: number };

/**
 * Counts failures per key; `check` before an attempt, `fail` after a failed one. A success does not clear
 * the count: otherwise anyone holding one valid token could reset it between guesses at the others.
 */
export interface RateLimiter {
  check(key: string, nowMs?: number): RateLimitVerdict;
  fail(key: string, nowMs?: number): void;
  size(): number;
}

/** A new in-memory sliding-window limiter. */
export function createRateLimiter({ limit = 10, windowMs = 5 * 60_000, maxKeys = 10_000 }: RateLimitOptions = {}): RateLimiter {
  const failures = new Map<string, number[]>();
  const recent = (key: string, nowMs: number) => (failures.get(key) ?? []).filter((at) => at > nowMs - windowMs);

  function makeRoom(nowMs: number): void {
    for (const [key] of failures) if (recent(key, nowMs).length === 0) failures.delete(key);
    while (failures.size >= maxKeys) {
      const oldest = failures.keys().next().value;
      if (oldest === undefined) return;
      failures.delete(oldest);
    }
  }

  return {
    check(key, nowMs = Date.now()) {
      const times = recent(key, nowMs);
      if (times.length < limit) return { limited: false };
      const retryAfter = Math.max(1, Math.ceil((times[times.length - limit]! + windowMs - nowMs) / 1000));
      return { limited: true, retryAfter };
    },
    fail(key, nowMs = Date.now()) {
      const times = [...recent(key, nowMs), nowMs].slice(-limit);
      failures.delete(key); // re-inserted last: the map's order is least recently failing first
      if (failures.size >= maxKeys) makeRoom(nowMs);
      failures.set(key, times);
    },
    size: () => failures.size,
  };
}
