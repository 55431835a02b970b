import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { createStreamRegistry } from "@/lib/events/sse-limits";

// The stream caps of GET /api/events: per user (429) and in all (503), both with a retry delay.

const codeOf = (work: () => unknown) => {
  try {
    work();
    return "open";
  } catch (error) {
    return error instanceof AppError ? `${error.code} retryAfter=${String(error.details?.retryAfter)}` : String(error);
  }
};

describe("createStreamRegistry", () => {
  it.each([
    ["a user under both caps", ["alice"], "alice", "open"],
    ["a user at the per-user cap", ["alice", "alice"], "alice", "RATE_LIMITED retryAfter=10"],
    ["another user while one is at its cap", ["alice", "alice"], "bob", "open"],
    ["anyone at the total cap", ["alice", "bob", "carol"], "dave", "OVERLOADED retryAfter=10"],
    ["an anonymous reader of unknown address: the total cap only", [null, null], null, "open"],
    ["an anonymous reader of unknown address at the total cap", [null, null, null], null, "OVERLOADED retryAfter=10"],
  ])("%s", (_label, before: Array<string | null>, user: string | null, expected) => {
    const registry = createStreamRegistry(2, 3);
    for (const name of before) registry.open(name, () => 0);
    expect(codeOf(() => registry.open(user, () => 0))).toBe(expected);
  });

  it("frees a place when a stream closes, and sums the queued bytes of the open ones", () => {
    const registry = createStreamRegistry(1, 5);
    const release = registry.open("alice", () => 300);
    registry.open("bob", () => 200);
    expect(registry.queuedBytes()).toBe(500);
    release();
    expect(registry.count()).toBe(1);
    expect(codeOf(() => registry.open("alice", () => 0))).toBe("open");
  });
});
