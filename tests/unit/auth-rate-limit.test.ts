import { describe, expect, it } from "vitest";
import { createRateLimiter } from "@/lib/auth/rate-limit";

const T0 = 1_000_000;

describe("sign-in rate limiter", () => {
  it("allows `limit` failures, then refuses with the seconds until the oldest expires", () => {
    const limiter = createRateLimiter({ limit: 3, windowMs: 60_000 });
    for (let i = 0; i < 3; i += 1) {
      expect(limiter.check("a", T0 + i * 1000)).toEqual({ limited: false });
      limiter.fail("a", T0 + i * 1000);
    }
    expect(limiter.check("a", T0 + 10_000)).toEqual({ limited: true, retryAfter: 50 });
    expect(limiter.check("b", T0 + 10_000)).toEqual({ limited: false });
  });

  it("slides: failures older than the window stop counting", () => {
    const limiter = createRateLimiter({ limit: 2, windowMs: 60_000 });
    limiter.fail("a", T0);
    limiter.fail("a", T0 + 30_000);
    expect(limiter.check("a", T0 + 59_999).limited).toBe(true);
    expect(limiter.check("a", T0 + 60_000)).toEqual({ limited: false });
    limiter.fail("a", T0 + 60_000);
    expect(limiter.check("a", T0 + 60_001)).toEqual({ limited: true, retryAfter: 30 });
  });

  it("stays bounded: expired clients go first, then the least recently failing", () => {
    const limiter = createRateLimiter({ limit: 1, windowMs: 1000, maxKeys: 3 });
    limiter.fail("old", T0);
    limiter.fail("a", T0 + 5000);
    limiter.fail("b", T0 + 5000);
    limiter.fail("c", T0 + 5000); // sweeps "old"
    expect(limiter.size()).toBe(3);
    limiter.fail("d", T0 + 5000); // evicts "a"
    expect(limiter.size()).toBe(3);
    expect(limiter.check("a", T0 + 5000).limited).toBe(false);
    expect(limiter.check("d", T0 + 5000).limited).toBe(true);
    for (let i = 0; i < 1000; i += 1) limiter.fail(`flood-${i}`, T0 + 5000);
    expect(limiter.size()).toBe(3);
  });
});
