import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readCookie, SESSION_COOKIE, SESSION_TTL_SECONDS, sessionCookieOptions, signSession, verifySession } from "@/lib/auth/session";
import { deriveSessionKey, loadSessionKey } from "@/lib/auth/session-key";
import { parseTokens, type TokenEntry } from "@/lib/auth/tokens";
import { setLogLevel } from "@/lib/log";

const SECRET = "infra-secret-0123456789";
const KEY = deriveSessionKey("k".repeat(32));
const NOW = Date.parse("2025-09-16T10:00:00Z");

function tokens(raw: string): TokenEntry[] {
  const result = parseTokens(raw, ["infra", "dev"]);
  if (!result.ok) throw new Error(result.problems.join("; "));
  return result.tokens;
}

const current = tokens(`ci:infra:${SECRET},alice:dev:dev-secret-0123456789`);
const cookie = signSession(current[0]!, KEY, NOW);

describe("session cookie value", () => {
  it("holds no secret and verifies to the token's principal", () => {
    const payload = Buffer.from(cookie.split(".")[0]!, "base64url").toString("utf8");
    expect(payload).not.toContain(SECRET);
    expect(JSON.parse(payload)).toMatchObject({ v: 2, sid: expect.stringMatching(/^[\w-]{22}$/), name: "ci", role: "infra", exp: NOW / 1000 + SESSION_TTL_SECONDS });
    expect(verifySession(cookie, KEY, current, NOW)).toEqual({ name: "ci", role: "infra" });
  });

  const tampered = (() => {
    const [body, signature] = cookie.split(".") as [string, string];
    const payload = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...payload, role: "dev" })).toString("base64url");
    return `${forged}.${signature}`;
  })();

  it.each([
    ["expired", cookie, KEY, current, NOW + SESSION_TTL_SECONDS * 1000],
    ["tampered payload", tampered, KEY, current, NOW],
    ["tampered signature", `${cookie.slice(0, -2)}AA`, KEY, current, NOW],
    ["another key", cookie, deriveSessionKey("x".repeat(32)), current, NOW],
    ["garbage", "not-a-cookie", KEY, current, NOW],
    ["three parts", `${cookie}.x`, KEY, current, NOW],
    ["token removed", cookie, KEY, tokens("alice:dev:dev-secret-0123456789"), NOW],
    ["token's role changed", cookie, KEY, tokens(`ci:dev:${SECRET}`), NOW],
    ["token's secret rotated", cookie, KEY, tokens("ci:infra:rotated-secret-0123456789"), NOW],
  ])("rejects: %s", (_label, value, key, configured, now) => {
    expect(verifySession(value, key, configured, now)).toBeNull();
  });

  it("is valid until just before it expires", () => {
    expect(verifySession(cookie, KEY, current, NOW + SESSION_TTL_SECONDS * 1000 - 1)).not.toBeNull();
  });
});

describe("cookie attributes and parsing", () => {
  it.each([
    ["plain http", "http://handback.test/", {}, false],
    ["https URL", "https://handback.test/", {}, true],
    ["https proxy", "http://10.0.0.2:3000/", { "x-forwarded-proto": "https" }, true],
    ["http proxy in front of an https URL", "https://handback.test/", { "x-forwarded-proto": "http" }, false],
  ])("%s → Secure %s", (_label, url, headers, secure) => {
    const options = sessionCookieOptions(new Request(url, { headers }));
    expect(options).toEqual({ httpOnly: true, sameSite: "strict", path: "/", secure, maxAge: SESSION_TTL_SECONDS });
  });

  it("reads one cookie among several", () => {
    const request = new Request("http://handback.test/", { headers: { cookie: `a=1; ${SESSION_COOKIE}=${cookie}; b=2` } });
    expect(readCookie(request, SESSION_COOKIE)).toBe(cookie);
    expect(readCookie(request, "missing")).toBeNull();
  });
});

describe("session key", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "handback-auth-"));
  beforeAll(() => setLogLevel("silent"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("is created once with mode 0600 and survives a restart", () => {
    const dataDir = path.join(dir, "data");
    const first = loadSessionKey({ dataDir });
    const file = path.join(dataDir, "session.key");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, "utf8").trim()).toMatch(/^[0-9a-f]{64}$/);
    expect(loadSessionKey({ dataDir }).equals(first)).toBe(true);
  });

  it("comes from HANDBACK_SESSION_SECRET when set, without touching the disk", () => {
    const dataDir = path.join(dir, "unused");
    expect(loadSessionKey({ secret: "k".repeat(32), dataDir }).equals(KEY)).toBe(true);
    expect(() => statSync(dataDir)).toThrow();
  });

  it("refuses a corrupt key file and tightens a loose mode", () => {
    const dataDir = path.join(dir, "corrupt");
    loadSessionKey({ dataDir });
    const file = path.join(dataDir, "session.key");
    writeFileSync(file, "nonsense", { mode: 0o644 });
    expect(() => loadSessionKey({ dataDir })).toThrow(/not a session key/);
    rmSync(file);
    writeFileSync(file, "ab".repeat(32), { mode: 0o644 });
    loadSessionKey({ dataDir });
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });
});
