import "server-only";
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import type { Principal, TokenEntry } from "./tokens";

// hb_session = base64url(JSON payload) "." base64url(HMAC-SHA256(key, first part)). The payload holds
// no secret, only a keyed fingerprint `t` of the token's secret digest: a cookie is accepted while a
// token of that name, role and secret is still configured, so removing or rotating a token ends its
// sessions. `sid` is a random id per sign-in: signing out records it as revoked (lib/auth/revocation.ts),
// so a copy of a signed-out cookie is refused on every instance.

/** The session cookie's name. */
export const SESSION_COOKIE = "hb_session";
/** How long a session lasts after sign-in; there is no sliding renewal. */
export const SESSION_TTL_SECONDS = 12 * 60 * 60;

// Version 2 added `sid`; a version 1 cookie cannot be revoked, so it is no longer accepted (sign in again).
const VERSION = 2;
const payloadSchema = z.strictObject({
  v: z.literal(VERSION),
  sid: z.string().min(16).max(64),
  name: z.string(),
  role: z.string(),
  exp: z.number().int(),
  t: z.string(),
});

function hmac(key: Buffer, text: string): Buffer {
  return createHmac("sha256", key).update(text, "utf8").digest();
}

/** A keyed fingerprint of the token's secret digest; it reveals nothing without the key. */
function fingerprint(key: Buffer, token: TokenEntry): string {
  return hmac(key, `token:${token.digest.toString("hex")}`).subarray(0, 16).toString("base64url");
}

/** The cookie value for a token, valid for SESSION_TTL_SECONDS from `nowMs`. */
export function signSession(token: TokenEntry, key: Buffer, nowMs = Date.now()): string {
  const exp = Math.floor(nowMs / 1000) + SESSION_TTL_SECONDS;
  const sid = randomBytes(16).toString("base64url");
  const payload = { v: VERSION, sid, name: token.name, role: token.role, exp, t: fingerprint(key, token) };
  const body = Buffer.from(JSON.stringify(payload), "utf8").toString("base64url");
  return `${body}.${hmac(key, body).toString("base64url")}`;
}

function readPayload(value: string, key: Buffer): z.infer<typeof payloadSchema> | null {
  const [body, signature, extra] = value.split(".");
  if (!body || !signature || extra !== undefined) return null;
  const presented = Buffer.from(signature, "base64url");
  const expected = hmac(key, body);
  if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) return null;
  try {
    const parsed = payloadSchema.safeParse(JSON.parse(Buffer.from(body, "base64url").toString("utf8")));
    return parsed.success ? parsed.data : null;
  } catch {
    return null; // signed by us yet not JSON: only possible with a key from another build; treat as absent
  }
}

/** A valid session: who, its id (what sign-out revokes) and when it expires (epoch ms). */
export interface SessionInfo {
  principal: Principal;
  id: string;
  expiresAt: number;
}

/** The session of a cookie value, or null when it is forged, expired, or its token is gone or changed. */
export function readSession(value: string, key: Buffer, tokens: readonly TokenEntry[], nowMs = Date.now()): SessionInfo | null {
  const payload = readPayload(value, key);
  if (!payload || payload.exp * 1000 <= nowMs) return null;
  const token = tokens.find((entry) => entry.name === payload.name);
  if (!token || token.role !== payload.role || fingerprint(key, token) !== payload.t) return null;
  return { principal: { name: token.name, role: token.role }, id: payload.sid, expiresAt: payload.exp * 1000 };
}

/** The principal of a cookie value, or null when it is forged, expired, or its token is gone or changed. */
export function verifySession(value: string, key: Buffer, tokens: readonly TokenEntry[], nowMs = Date.now()): Principal | null {
  return readSession(value, key, tokens, nowMs)?.principal ?? null;
}

/** True when the client reached us over https, directly or through a proxy that says so. */
function isHttps(request: Request): boolean {
  const forwarded = request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase();
  if (forwarded) return forwarded === "https";
  return new URL(request.url).protocol === "https:";
}

/** Options for `response.cookies.set(SESSION_COOKIE, value, …)`; maxAge 0 clears the cookie. */
export function sessionCookieOptions(request: Request, maxAge = SESSION_TTL_SECONDS) {
  return { httpOnly: true, sameSite: "strict", path: "/", secure: isHttps(request), maxAge } as const;
}

/** The value of one cookie from the request's Cookie header, or null. */
export function readCookie(request: Request, name: string): string | null {
  for (const part of (request.headers.get("cookie") ?? "").split(";")) {
    const index = part.indexOf("=");
    if (index > 0 && part.slice(0, index).trim() === name) return part.slice(index + 1).trim();
  }
  return null;
}
