import "server-only";
import { AppError } from "../errors";
import { getAuth, type AuthContext } from "./context";
import { recordFailure, refuseIfLimited } from "./failures";
import { isSameOrigin, isWriteMethod } from "./origin";
import { readCookie, SESSION_COOKIE, verifySession } from "./session";
import { findToken, VIEWER_ROLE, type Principal } from "./tokens";

/**
 * Who may call a route (docs/api.md): `reader` = any token incl. viewer, or anonymous for reads
 * when `access.publicRead` is true or no tokens are configured; `anyTeam` = any role but viewer;
 * `infra` / `dev` = that role; `{ owner }` = the criterion's owner team.
 */
export type Rule = "reader" | "anyTeam" | "infra" | "dev" | { owner: string };
/** Every rule that requires a token (all but `reader`). */
export type TokenRule = Exclude<Rule, "reader">;

type Identity =
  | { principal: Principal; via: "bearer" | "cookie" }
  | { principal: null; explicit: boolean; reason: string };

const NO_TOKENS = "no tokens configured: set HANDBACK_TOKENS";

/** A Bearer token's identity; throws RATE_LIMITED while this client has failed too often, and counts a wrong token. */
function identifyBearer(request: Request, auth: AuthContext, secret: string): Identity {
  if (auth.tokens.length === 0) return { principal: null, explicit: true, reason: NO_TOKENS };
  const ip = refuseIfLimited(request, auth);
  const token = findToken(auth.tokens, secret);
  if (token) return { principal: { name: token.name, role: token.role }, via: "bearer" };
  recordFailure(request, auth, ip, "Bearer token");
  return { principal: null, explicit: true, reason: "invalid token" };
}

/** Bearer first (explicit: a bad one is an error), then the session cookie (ambient: a bad one is absent). */
function identify(request: Request, auth: AuthContext): Identity {
  const header = request.headers.get("authorization");
  if (header !== null) {
    const match = /^Bearer +(\S+) *$/i.exec(header);
    if (!match?.[1]) return { principal: null, explicit: true, reason: 'Authorization must be "Bearer <token>"' };
    return identifyBearer(request, auth, match[1]);
  }
  const cookie = readCookie(request, SESSION_COOKIE);
  const principal = cookie ? verifySession(cookie, auth.sessionKey, auth.tokens) : null;
  if (principal) return { principal, via: "cookie" };
  if (auth.tokens.length === 0) return { principal: null, explicit: false, reason: NO_TOKENS };
  const reason = cookie ? "session expired or revoked: sign in again" : "sign in, or send Authorization: Bearer <token>";
  return { principal: null, explicit: false, reason };
}

/** The caller's principal from a Bearer token or a session cookie; null when neither is valid. */
export function authenticate(request: Request, auth: AuthContext = getAuth()): Principal | null {
  return identify(request, auth).principal;
}

/** The 403 message for a principal that lacks the rule's role, or null when the role suffices. */
function missingRole(principal: Principal, rule: Rule, auth: AuthContext): string | null {
  if (rule === "reader") return null;
  if (rule === "anyTeam") {
    if (principal.role !== VIEWER_ROLE) return null;
    return `needs a team token (${auth.teamIds.join(", ")}); "${principal.name}" is a read-only viewer`;
  }
  const role = typeof rule === "string" ? rule : rule.owner;
  if (principal.role === role) return null;
  const why = typeof rule === "string" ? "" : " (the criterion's owner)";
  return `needs role "${role}"${why}; "${principal.name}" has role "${principal.role}"`;
}

/**
 * Checks the request against a rule; returns the principal (null only for an anonymous read) or throws
 * AppError: UNAUTHORIZED (401), RATE_LIMITED (429, too many wrong tokens from this client), CSRF (403, a
 * cookie write from another origin) or FORBIDDEN (403).
 */
export function authorize(request: Request, rule: "reader", auth?: AuthContext): Principal | null;
export function authorize(request: Request, rule: TokenRule, auth?: AuthContext): Principal;
export function authorize(request: Request, rule: Rule, auth?: AuthContext): Principal | null;
export function authorize(request: Request, rule: Rule, auth: AuthContext = getAuth()): Principal | null {
  const identity = identify(request, auth);
  const write = isWriteMethod(request.method);
  if (!identity.principal) {
    const anonymousRead = rule === "reader" && !write && (auth.publicRead || auth.tokens.length === 0);
    if (anonymousRead && !identity.explicit) return null;
    throw new AppError("UNAUTHORIZED", identity.reason);
  }
  if (identity.via === "cookie" && write && !isSameOrigin(request)) {
    throw new AppError("CSRF", "cross-origin write refused: send it from this dashboard, or use Authorization: Bearer");
  }
  const missing = missingRole(identity.principal, rule, auth);
  if (missing) throw new AppError("FORBIDDEN", missing);
  return identity.principal;
}
