import "server-only";
import { log } from "../log";
import { registerSecrets } from "../redact";
import { getRuntime } from "../runtime";
import { NO_TRUSTED_PROXIES, trustedProxies, type TrustedProxies } from "./client-ip";
import { DEMO_TOKENS_FILE, demoTokensApply, demoTokensBanner, demoTokensEnv, loadDemoTokens } from "./demo-tokens";
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
  /** Demo mode only: the demo tokens file, relative to the data dir (the sign-in page names it). */
  demoTokensFile: string | null;
}

/** Builds a context from raw HANDBACK_TOKENS; throws TokenConfigError listing every problem. */
export function createAuthContext(options: {
  tokens: string | undefined;
  teamIds: readonly string[];
  publicRead: boolean;
  sessionKey: Buffer;
  limiter?: RateLimiter;
  trustedProxies?: readonly string[];
  demoTokensFile?: string | null;
}): AuthContext {
  const parsed = parseTokens(options.tokens, options.teamIds);
  if (!parsed.ok) throw new TokenConfigError(parsed.problems);
  const { teamIds, publicRead, sessionKey, limiter = createRateLimiter() } = options;
  const trusted = options.trustedProxies?.length ? trustedProxies(options.trustedProxies) : NO_TRUSTED_PROXIES;
  return { tokens: parsed.tokens, teamIds, sessionKey, publicRead, limiter, trusted, demoTokensFile: options.demoTokensFile ?? null };
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
const SOURCE = Symbol.for("handback.auth-source");
type GlobalWithAuth = typeof globalThis & { [KEY]?: AuthContext; [SOURCE]?: string };

/**
 * The `name:role:secret` list the context was built from (HANDBACK_TOKENS, or the demo's tokens), for the
 * demo lab's scripted posts, which sign in like people do. The context itself keeps only digests.
 */
export function tokenSource(): string | undefined {
  getAuth();
  return (globalThis as GlobalWithAuth)[SOURCE];
}

/** The process's auth context, built on first use from env and config; throws TokenConfigError. */
export function getAuth(): AuthContext {
  const store = globalThis as GlobalWithAuth;
  if (store[KEY]) return store[KEY];
  const { env, config } = getRuntime();
  const demo = demoTokensApply({ labEnabled: config.lab.enabled, tokens: env.HANDBACK_TOKENS }) ? loadDemoTokens(env.HANDBACK_DATA_DIR, config.teams) : null;
  const tokens = demo ? demoTokensEnv(demo.tokens) : env.HANDBACK_TOKENS;
  // Demo secrets join the scrub list like HANDBACK_TOKENS ones: no log line, result or error may carry them.
  if (demo) registerSecrets({ HANDBACK_TOKENS: tokens }, []);
  const context = createAuthContext({
    tokens,
    teamIds: config.teams.map((team) => team.id),
    // Without HANDBACK_TOKENS anyone could always read; the demo's tokens add writers, not a wall before the page.
    publicRead: config.access.publicRead || demo !== null,
    sessionKey: loadSessionKey({ secret: env.HANDBACK_SESSION_SECRET, dataDir: env.HANDBACK_DATA_DIR }),
    trustedProxies: env.HANDBACK_TRUSTED_PROXIES,
    demoTokensFile: demo ? DEMO_TOKENS_FILE : null,
  });
  if (demo) {
    // Straight to stdout, once per process (the context is cached): log.info would mask the secrets it must show.
    console.log(demoTokensBanner(demo, `http://localhost:${process.env.PORT ?? env.PORT}/sign-in`));
  }
  announce(context);
  store[SOURCE] = tokens;
  store[KEY] = context;
  return context;
}
