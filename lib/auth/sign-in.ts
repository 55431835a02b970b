import "server-only";
import { AppError } from "../errors";
import { log } from "../log";
import { getAuth, type AuthContext } from "./context";
import { recordFailure, refuseIfLimited } from "./failures";
import { isSameOrigin } from "./origin";
import { signSession } from "./session";
import { findToken, type Principal } from "./tokens";

/**
 * Exchanges a token for a session cookie value. Throws AppError: CSRF when a browser posts from another
 * origin (login CSRF), RATE_LIMITED after too many failures from this client, UNAUTHORIZED for a bad token.
 */
export function signIn(request: Request, secret: string, auth: AuthContext = getAuth()): { principal: Principal; cookie: string } {
  if (request.headers.get("origin") !== null && !isSameOrigin(request)) {
    throw new AppError("CSRF", "cross-origin sign-in refused");
  }
  const ip = refuseIfLimited(request, auth);
  if (auth.tokens.length === 0) throw new AppError("UNAUTHORIZED", "no tokens configured: set HANDBACK_TOKENS");
  const token = findToken(auth.tokens, secret);
  if (!token) {
    recordFailure(request, auth, ip, "sign-in");
    throw new AppError("UNAUTHORIZED", "invalid token");
  }
  log.info(`sign-in: ${token.name} (${token.role}) from ${ip}`);
  return { principal: { name: token.name, role: token.role }, cookie: signSession(token, auth.sessionKey) };
}
