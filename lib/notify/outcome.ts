// What one delivery attempt came to, and the retry rule (docs/notifications.md "Delivery"). Pure.

/** An attempt's result; a failure carries a stable code (never classified from message text). */
export type SendOutcome = { ok: true } | { ok: false; code: string; detail: string; permanent: boolean };

/** A 4xx other than 408 (timeout) and 429 (rate limited) will answer the same again: no retry. */
export function isPermanentStatus(status: number): boolean {
  return status >= 400 && status < 500 && status !== 408 && status !== 429;
}

/** The outcome of an HTTP answer: 2xx is delivered; anything else fails, permanently for most 4xx. */
export function outcomeOfStatus(status: number): SendOutcome {
  if (status >= 200 && status < 300) return { ok: true };
  return { ok: false, code: `HTTP_${status}`, detail: `the receiver answered ${status}`, permanent: isPermanentStatus(status) };
}

/** Backoff settings in ms (config `notify.delivery`). */
export interface Backoff {
  firstRetry: number;
  maxRetry: number;
  giveUpAfter: number;
}

/**
 * When to try again after the `attempts`-th failure: firstRetry doubled each time, capped at maxRetry;
 * null once the next try would fall past giveUpAfter from the delivery's creation (the delivery fails).
 */
export function nextAttemptAt(backoff: Backoff, attempts: number, createdAt: Date, now: Date): Date | null {
  const delay = Math.min(backoff.firstRetry * 2 ** Math.max(0, attempts - 1), backoff.maxRetry);
  const at = new Date(now.getTime() + delay);
  return at.getTime() - createdAt.getTime() > backoff.giveUpAfter ? null : at;
}
