import { afterEach, describe, expect, it, vi } from "vitest";
import { createAuthContext, type AuthContext } from "@/lib/auth/context";
import { authorize } from "@/lib/auth/guard";
import { stampPeer } from "@/lib/auth/peer";
import { createRateLimiter } from "@/lib/auth/rate-limit";
import { deriveSessionKey } from "@/lib/auth/session-key";
import { signIn } from "@/lib/auth/sign-in";
import { AppError } from "@/lib/errors";
import { setLogLevel } from "@/lib/log";

// Bug 9: Bearer guessing was unlimited on every route. One failure limiter now counts wrong tokens,
// whether presented at sign-in or as Bearer, per client address (lib/auth/client-ip.ts).

const VIEWER = "viewer-secret-0123456789";
const INFRA = "infra-secret-0123456789";
const LIMIT = 3;

function context(): AuthContext {
  return createAuthContext({
    tokens: `board:viewer:${VIEWER},ci:infra:${INFRA}`,
    teamIds: ["infra"],
    publicRead: false,
    sessionKey: deriveSessionKey("test-session-secret-0123456789-abcdef"),
    limiter: createRateLimiter({ limit: LIMIT }),
  });
}

/** A request from `address` (as stamped by lib/auth/peer.ts for a real socket). */
function from(address: string, headers: Record<string, string> = {}, path = "/api/status"): Request {
  const stamped = { ...headers };
  stampPeer(stamped, address);
  return new Request(`http://handback.test${path}`, { headers: stamped });
}

const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });

/** The AppError code (and Retry-After) a call throws, or "ok". */
function outcome(fn: () => unknown): string {
  try {
    fn();
    return "ok";
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return error.code === "RATE_LIMITED" ? `RATE_LIMITED after ${String(error.details?.retryAfter)} s` : error.code;
  }
}

afterEach(() => {
  vi.restoreAllMocks();
  setLogLevel("silent");
});

describe("one failure limiter for Bearer tokens and sign-in", () => {
  it("wrong Bearer tokens from one client → 429 with Retry-After, even for a right token; other clients unaffected", () => {
    const auth = context();
    for (let i = 0; i < LIMIT; i += 1) expect(outcome(() => authorize(from("198.51.100.1", bearer(`guess-${i}-0123456789abc`)), "reader", auth))).toBe("UNAUTHORIZED");
    expect(outcome(() => authorize(from("198.51.100.1", bearer(INFRA)), "reader", auth))).toMatch(/^RATE_LIMITED after \d+ s$/);
    expect(outcome(() => authorize(from("198.51.100.2", bearer(INFRA)), "reader", auth))).toBe("ok");
  });

  it("failures at sign-in and with Bearer count together", () => {
    const auth = context();
    for (let i = 0; i < LIMIT - 1; i += 1) expect(outcome(() => signIn(from("198.51.100.3", {}, "/api/session"), `guess-${i}-0123456789abc`, auth))).toBe("UNAUTHORIZED");
    expect(outcome(() => authorize(from("198.51.100.3", bearer("guess-last-0123456789abc")), "reader", auth))).toBe("UNAUTHORIZED");
    expect(outcome(() => signIn(from("198.51.100.3", {}, "/api/session"), INFRA, auth))).toMatch(/^RATE_LIMITED/);
  });

  it("a right token between guesses does not reset the count", () => {
    const auth = context();
    for (let i = 0; i < LIMIT; i += 1) {
      expect(outcome(() => authorize(from("198.51.100.4", bearer(VIEWER)), "reader", auth))).toBe("ok");
      expect(outcome(() => authorize(from("198.51.100.4", bearer(`guess-${i}-0123456789abc`)), "infra", auth))).toBe("UNAUTHORIZED");
    }
    expect(outcome(() => authorize(from("198.51.100.4", bearer(VIEWER)), "reader", auth))).toMatch(/^RATE_LIMITED/);
  });

  it("requests without a token are not counted: a cookie-less reader is refused with 401, never limited", () => {
    const auth = context();
    for (let i = 0; i < LIMIT * 2; i += 1) expect(outcome(() => authorize(from("198.51.100.5"), "reader", auth))).toBe("UNAUTHORIZED");
    expect(outcome(() => authorize(from("198.51.100.5", bearer(VIEWER)), "reader", auth))).toBe("ok");
  });

  it("logs each failure with the client and the route, never the token", () => {
    setLogLevel("warn");
    const lines: string[] = [];
    vi.spyOn(console, "error").mockImplementation((line: string) => void lines.push(line));
    const auth = context();
    const guess = "guess-logged-0123456789abc";
    outcome(() => authorize(from("198.51.100.6", bearer(guess)), "reader", auth));
    outcome(() => signIn(from("198.51.100.6", {}, "/api/session"), guess, auth));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/warn +failed Bearer token from 198\.51\.100\.6 \(GET \/api\/status\)$/);
    expect(lines[1]).toMatch(/warn +failed sign-in from 198\.51\.100\.6 \(GET \/api\/session\)$/);
    expect(lines.join("\n")).not.toContain(guess);
  });
});
