import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createThrottle } from "@/lib/throttle";

// Leading edge after quiet, one run per window under load: the SSE stream's and the live page's batching.
beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("createThrottle", () => {
  it("runs at once after a quiet spell, and a burst within the window once at its end", () => {
    const flush = vi.fn();
    const throttle = createThrottle(flush, 100);
    throttle.request();
    throttle.request(); // same task: shares the run
    expect(flush).toHaveBeenCalledTimes(0);
    vi.advanceTimersByTime(0);
    expect(flush).toHaveBeenCalledTimes(1); // no delay for a lone event beyond the current task
    vi.advanceTimersByTime(30);
    throttle.request();
    throttle.request();
    throttle.request();
    expect(flush).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(69);
    expect(flush).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1);
    expect(flush).toHaveBeenCalledTimes(2); // 100 ms after the first run
    vi.advanceTimersByTime(500);
    throttle.request();
    vi.advanceTimersByTime(0);
    expect(flush).toHaveBeenCalledTimes(3); // quiet again: at once
  });

  it("waits leadMs after a quiet spell, so events arriving together apply together", () => {
    const flush = vi.fn();
    const throttle = createThrottle(flush, 200, 16);
    throttle.request();
    vi.advanceTimersByTime(10);
    throttle.request();
    vi.advanceTimersByTime(5);
    expect(flush).toHaveBeenCalledTimes(0);
    vi.advanceTimersByTime(1);
    expect(flush).toHaveBeenCalledTimes(1);
  });

  it("runs at most once per window under a steady stream of requests", () => {
    const flush = vi.fn();
    const throttle = createThrottle(flush, 100);
    for (let ms = 0; ms < 1_000; ms += 5) {
      throttle.request();
      vi.advanceTimersByTime(5);
    }
    expect(flush.mock.calls.length).toBeGreaterThanOrEqual(10);
    expect(flush.mock.calls.length).toBeLessThanOrEqual(11);
  });

  it("reads a window given as a function at each request", () => {
    const flush = vi.fn();
    let windowMs = 100;
    const throttle = createThrottle(flush, () => windowMs);
    throttle.request();
    vi.advanceTimersByTime(0);
    windowMs = 30;
    throttle.request();
    vi.advanceTimersByTime(29);
    expect(flush).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1);
    expect(flush).toHaveBeenCalledTimes(2);
  });

  it("cancel() drops a pending run", () => {
    const flush = vi.fn();
    const throttle = createThrottle(flush, 100);
    throttle.request();
    vi.advanceTimersByTime(0);
    throttle.request();
    throttle.cancel();
    vi.advanceTimersByTime(1_000);
    expect(flush).toHaveBeenCalledTimes(1);
  });
});
