import "server-only";
import { log } from "../log";
import { getRuntime } from "../runtime";
import { NO_TRUSTED_PROXIES, trustedProxies, type TrustedProxies } from "./client-ip";
import { createRateLimiter, type RateLimiter } from "./rate-limit";
import { loadSessionKey } from "./session-key";
import { parseTokens, TokenConfigError, type TokenEntry } from "./tokens";

/** Everything the guard needs: tokens, team ids, the cookie key, the read policy, the failure limiter and the proxies it believes. */
export interface AuthContext {
  tokens: readonly TokenEntry[];
  teamIds: readonly string[];
  sessionKey: Buffer;
  publicRead: boolean;
  limiter: RateLimiter;
  trusted: TrustedProxies;
}

/** Builds a context from raw HANDBACK_TOKENS; throws TokenConfigError listing every problem. */
export function createAuthContext(options: {
  tokens: string | undefined;
  teamIds: readonly string[];
  publicRead: boolean;
  sessionKey: Buffer;
  limiter?: RateLimiter;
  trustedProxies?: readonly string[];
}): AuthContext {
  const parsed = parseTokens(options.tokens, options.teamIds);
  if (!parsed.ok) throw new TokenConfigError(parsed.problems);
  const { teamIds, publicRead, sessionKey, limiter = createRateLimiter() } = options;
  const trusted = options.trustedProxies?.length ? trustedProxies(options.trustedProxies) : NO_TRUSTED_PROXIES;
  return { tokens: parsed.tokens, teamIds, sessionKey, publicRead, limiter, trusted };
}

function announce(context: AuthContext): void {
  if (context.tokens.length === 0) {
    log.warn(
      'HANDBACK_TOKENS is not set: anyone who can reach this server may READ everything and nobody can write. Set HANDBACK_TOKENS="name:role:secret,…".',
    );
    return;
  }
  const list = context.tokens.map((token) => `${token.name} (${token.role})`).join(", ");
  log.info(`auth: ${context.tokens.length} tokens: ${list}; anonymous reads ${context.publicRead ? "allowed (publicRead)" : "refused"}`);
}

// Next bundles each route separately; like lib/runtime.ts the state lives on globalThis.
const KEY = Symbol.for("handback.auth");
type GlobalWithAuth = typeof globalThis & { [KEY]?: AuthContext };

/** The process's auth context, built on first use from env and config; throws TokenConfigError. */
export function getAuth(): AuthContext {
  const store = globalThis as GlobalWithAuth;
  if (store[KEY]) return store[KEY];
  const { env, config } = getRuntime();
  const context = createAuthContext({
    tokens: env.HANDBACK_TOKENS,
    teamIds: config.teams.map((team) => team.id),
    publicRead: config.access.publicRead,
    sessionKey: loadSessionKey({ secret: env.HANDBACK_SESSION_SECRET, dataDir: env.HANDBACK_DATA_DIR }),
    trustedProxies: env.HANDBACK_TRUSTED_PROXIES,
  });
  announce(context);
  store[KEY] = context;
  return context;
}
