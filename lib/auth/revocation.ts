import "server-only";
import { insertRevokedSession, isSessionRevoked as isRevokedInDb } from "../db";
import { AppError } from "../errors";
import { SESSION_ENDED } from "../events/bus";
import { log } from "../log";
import { getBus, getDb } from "../runtime";
import { getAuth, type AuthContext } from "./context";
import { readCookie, readSession, SESSION_COOKIE, type SessionInfo } from "./session";
import { messageOf } from "../message-of";

// Sign-out on the server (issue 10): a session cookie is signed, not stored, so clearing it in the browser
// left every copy valid until it expired. Signing out now records the session id in storage, which every
// instance checks when a cookie authenticates, and publishes SESSION_ENDED on the bus so that every
// instance closes that session's live streams at once. While storage is away the check falls back to the
// sign-outs this process has seen (its own, and those heard on the bus), so reads keep working.

/** How long a request waits for the revocation check before trusting the cookie's signature. */
const CHECK_DEADLINE_MS = 1_000;
// During an outage every signed-in request would warn: one line per interval is enough.
const WARN_EVERY_MS = 10_000;
let lastWarning = 0;

const KEY = Symbol.for("handback.revoked-sessions");
type GlobalWithRevoked = typeof globalThis & { [KEY]?: Map<string, number> };

/** Sign-outs this process has seen: session id → expiry (epoch ms). */
function seen(): Map<string, number> {
  const store = globalThis as GlobalWithRevoked;
  if (!store[KEY]) {
    const map = new Map<string, number>();
    store[KEY] = map;
    getBus().subscribe((event) => {
      const data = event.data as { sid?: unknown; expiresAt?: unknown } | null;
      if (event.type === SESSION_ENDED && typeof data?.sid === "string") map.set(data.sid, Number(data.expiresAt) || Date.now() + 86_400_000);
    });
  }
  for (const [sid, expiresAt] of store[KEY]) if (expiresAt < Date.now()) store[KEY].delete(sid);
  return store[KEY];
}

/** The session a request authenticates with by cookie; null with a Bearer header, no cookie or a bad one. */
export function sessionOf(request: Request, auth: AuthContext = getAuth()): SessionInfo | null {
  if (request.headers.get("authorization") !== null) return null;
  const cookie = readCookie(request, SESSION_COOKIE);
  return cookie ? readSession(cookie, auth.sessionKey, auth.tokens) : null;
}

/** True when the session was signed out (on any instance). */
export async function isRevoked(session: SessionInfo): Promise<boolean> {
  if (seen().has(session.id)) return true;
  let timer: NodeJS.Timeout | undefined;
  // A silent database must not hold every signed-in request for the driver's 20 s query timeout.
  const deadline = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_DEADLINE_MS} ms`)), CHECK_DEADLINE_MS)));
  try {
    return await Promise.race([getDb().then((db) => isRevokedInDb(db, session.id)), deadline]);
  } catch (error) {
    if (Date.now() - lastWarning > WARN_EVERY_MS) {
      lastWarning = Date.now();
      log.warn(`session check: storage unavailable, trusting the signature (${messageOf(error)})`);
    }
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/** Throws UNAUTHORIZED when the request's cookie session was signed out. */
export async function rejectRevokedSession(request: Request): Promise<void> {
  const session = sessionOf(request);
  if (session && (await isRevoked(session))) throw new AppError("UNAUTHORIZED", "signed out: sign in again");
}

/** Signs a session out everywhere: remembered here, published to every instance, then stored (may throw StorageError). */
export async function revokeSession(session: SessionInfo): Promise<void> {
  seen().set(session.id, session.expiresAt);
  getBus().publish({ type: SESSION_ENDED, id: 0, data: { sid: session.id, expiresAt: session.expiresAt } });
  await insertRevokedSession(await getDb(), session.id, new Date(session.expiresAt));
}
