import { describe, expect, it } from "vitest";
import { createAuthContext, type AuthContext } from "@/lib/auth/context";
import { authenticate, authorize, type Rule } from "@/lib/auth/guard";
import { SESSION_COOKIE, signSession } from "@/lib/auth/session";
import { deriveSessionKey } from "@/lib/auth/session-key";
import { AppError } from "@/lib/errors";
import { setLogLevel } from "@/lib/log";

setLogLevel("silent"); // wrong tokens are logged as warnings

const SECRETS = { viewer: "viewer-secret-0123456789", infra: "infra-secret-0123456789", dev: "dev-secret-0123456789", leadership: "lead-secret-0123456789" };
const TOKENS = `board:viewer:${SECRETS.viewer},ci:infra:${SECRETS.infra},alice:dev:${SECRETS.dev},cfo:leadership:${SECRETS.leadership}`;
const TEAMS = ["infra", "dev", "leadership"];
const KEY = deriveSessionKey("test-session-secret-0123456789-abcdef");

function context(publicRead: boolean, tokens: string | undefined = TOKENS): AuthContext {
  return createAuthContext({ tokens, teamIds: TEAMS, publicRead, sessionKey: KEY });
}

const infraCookie = (() => {
  const auth = context(false);
  return `${SESSION_COOKIE}=${signSession(auth.tokens.find((token) => token.name === "ci")!, KEY)}`;
})();

type Caller = "none" | "viewer" | "infra" | "dev" | "leadership" | "bad" | "cookie-cross" | "cookie-same";
const CALLERS: Caller[] = ["none", "viewer", "infra", "dev", "leadership", "bad", "cookie-cross", "cookie-same"];

function headersFor(caller: Caller): Record<string, string> {
  switch (caller) {
    case "none":
      return {};
    case "bad":
      return { authorization: "Bearer not-a-valid-token-at-all" };
    case "cookie-cross":
      return { cookie: infraCookie, origin: "https://evil.example" };
    case "cookie-same":
      return { cookie: infraCookie, origin: "https://handback.test" };
    default:
      return { authorization: `Bearer ${SECRETS[caller]}` };
  }
}

/** "ok:<name>", "anonymous", or the AppError code the guard throws. */
function outcome(rule: Rule, caller: Caller, publicRead: boolean, method = rule === "reader" ? "GET" : "POST"): string {
  const request = new Request("https://handback.test/api/x", { method, headers: headersFor(caller) });
  try {
    const principal = authorize(request, rule, context(publicRead));
    return principal ? `ok:${principal.name}` : "anonymous";
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
}

// Columns follow CALLERS: none, viewer, infra, dev, leadership, bad, cookie-cross, cookie-same.
const TABLE: Array<[string, Rule, boolean, string[]]> = [
  ["reader", "reader", false, ["UNAUTHORIZED", "ok:board", "ok:ci", "ok:alice", "ok:cfo", "UNAUTHORIZED", "ok:ci", "ok:ci"]],
  ["reader", "reader", true, ["anonymous", "ok:board", "ok:ci", "ok:alice", "ok:cfo", "UNAUTHORIZED", "ok:ci", "ok:ci"]],
  ["anyTeam", "anyTeam", false, ["UNAUTHORIZED", "FORBIDDEN", "ok:ci", "ok:alice", "ok:cfo", "UNAUTHORIZED", "CSRF", "ok:ci"]],
  ["anyTeam", "anyTeam", true, ["UNAUTHORIZED", "FORBIDDEN", "ok:ci", "ok:alice", "ok:cfo", "UNAUTHORIZED", "CSRF", "ok:ci"]],
  ["infra", "infra", false, ["UNAUTHORIZED", "FORBIDDEN", "ok:ci", "FORBIDDEN", "FORBIDDEN", "UNAUTHORIZED", "CSRF", "ok:ci"]],
  ["infra", "infra", true, ["UNAUTHORIZED", "FORBIDDEN", "ok:ci", "FORBIDDEN", "FORBIDDEN", "UNAUTHORIZED", "CSRF", "ok:ci"]],
  ["dev", "dev", false, ["UNAUTHORIZED", "FORBIDDEN", "FORBIDDEN", "ok:alice", "FORBIDDEN", "UNAUTHORIZED", "CSRF", "FORBIDDEN"]],
  ["dev", "dev", true, ["UNAUTHORIZED", "FORBIDDEN", "FORBIDDEN", "ok:alice", "FORBIDDEN", "UNAUTHORIZED", "CSRF", "FORBIDDEN"]],
  ["owner infra", { owner: "infra" }, false, ["UNAUTHORIZED", "FORBIDDEN", "ok:ci", "FORBIDDEN", "FORBIDDEN", "UNAUTHORIZED", "CSRF", "ok:ci"]],
  ["owner dev", { owner: "dev" }, true, ["UNAUTHORIZED", "FORBIDDEN", "FORBIDDEN", "ok:alice", "FORBIDDEN", "UNAUTHORIZED", "CSRF", "FORBIDDEN"]],
];

const CASES = TABLE.flatMap(([label, rule, publicRead, expected]) =>
  CALLERS.map((caller, index) => [label, publicRead ? "on" : "off", caller, rule, publicRead, expected[index]!] as const),
);

describe("authorize: rule × caller × publicRead", () => {
  it.each(CASES)("%s, publicRead %s, %s", (_label, _public, caller, rule, publicRead, expected) => {
    expect(outcome(rule, caller, publicRead)).toBe(expected);
  });
});

describe("authorize: edges", () => {
  const request = (method: string, headers: Record<string, string>, url = "https://handback.test/api/x") => new Request(url, { method, headers });
  const code = (fn: () => unknown) => {
    try {
      fn();
      return "ok";
    } catch (error) {
      return error instanceof AppError ? `${error.code}: ${error.message}` : "thrown";
    }
  };

  it("never lets an anonymous reader write, even with publicRead", () => {
    expect(code(() => authorize(request("POST", {}), "reader", context(true)))).toMatch(/^UNAUTHORIZED/);
  });

  it("does not hold Bearer writes to the same-origin rule", () => {
    const headers = { authorization: `Bearer ${SECRETS.infra}`, origin: "https://evil.example" };
    expect(code(() => authorize(request("DELETE", headers), "infra", context(false)))).toBe("ok");
  });

  it.each([
    ["Sec-Fetch-Site same-origin, no Origin", { "sec-fetch-site": "same-origin" }, "ok"],
    ["Sec-Fetch-Site same-site, no Origin", { "sec-fetch-site": "same-site" }, "CSRF"],
    ["neither header", {}, "CSRF"],
    ['Origin "null"', { origin: "null" }, "CSRF"],
    ["another port", { origin: "https://handback.test:8443" }, "CSRF"],
    ["behind a proxy that forwards the host", { origin: "https://dash.example", "x-forwarded-host": "dash.example" }, "ok"],
  ])("cookie write with %s → %s", (_label, extra, expected) => {
    const outcomeCode = code(() => authorize(request("PATCH", { cookie: infraCookie, ...extra }), "anyTeam", context(false)));
    expect(outcomeCode.split(":")[0]).toBe(expected);
  });

  it("names the role needed in a 403", () => {
    const headers = { authorization: `Bearer ${SECRETS.dev}` };
    expect(code(() => authorize(request("POST", headers), { owner: "infra" }, context(false)))).toBe(
      `FORBIDDEN: needs role "infra" (the criterion's owner); "alice" has role "dev"`,
    );
    expect(code(() => authorize(request("POST", { authorization: `Bearer ${SECRETS.viewer}` }), "anyTeam", context(false)))).toMatch(
      /needs a team token \(infra, dev, leadership\)/,
    );
  });

  it.each([
    ["Basic auth", { authorization: "Basic YTpi" }, /Authorization must be "Bearer <token>"/],
    ["an empty Bearer", { authorization: "Bearer " }, /Authorization must be/],
    ["an expired or forged cookie", { cookie: `${SESSION_COOKIE}=forged.value` }, /session expired or revoked/],
  ])("401 for %s", (_label, headers, message) => {
    expect(code(() => authorize(request("GET", headers), "reader", context(false)))).toMatch(message);
  });

  it("treats a stale cookie as absent where anonymous reads are allowed", () => {
    expect(authorize(request("GET", { cookie: `${SESSION_COOKIE}=forged.value` }), "reader", context(true))).toBeNull();
  });

  it("prefers the Bearer header over the cookie", () => {
    const headers = { authorization: `Bearer ${SECRETS.dev}`, cookie: infraCookie };
    expect(authenticate(request("GET", headers), context(false))).toEqual({ name: "alice", role: "dev" });
  });
});

describe("authorize with no tokens configured", () => {
  const auth = context(false, "");
  it.each([
    ["GET reader", "GET", "reader", {}, "anonymous"],
    ["POST anyTeam", "POST", "anyTeam", {}, "UNAUTHORIZED: no tokens configured: set HANDBACK_TOKENS"],
    ["POST reader", "POST", "reader", {}, "UNAUTHORIZED: no tokens configured: set HANDBACK_TOKENS"],
    ["GET with a Bearer", "GET", "reader", { authorization: `Bearer ${SECRETS.infra}` }, "UNAUTHORIZED: no tokens configured: set HANDBACK_TOKENS"],
  ] as const)("%s → %s", (_label, method, rule, headers, expected) => {
    let result: string;
    try {
      result = authorize(new Request("https://handback.test/x", { method, headers }), rule, auth) ? "principal" : "anonymous";
    } catch (error) {
      result = error instanceof AppError ? `${error.code}: ${error.message}` : "thrown";
    }
    expect(result).toBe(expected);
  });
});
