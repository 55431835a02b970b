import "server-only";
import { log } from "../log";
import { messageOf } from "../message-of";
import type { ScenarioPost } from "../config/scenario-schema";
import type { TokenEntry } from "../auth/tokens";

// The scenario's human updates go through POST /api/timeline on the server's own port with a Bearer
// token of the posting team, exactly as a person's would: same guard, same actor (the token's name),
// same SSE event. The registry keeps only digests, so the secret is read from the text the registry was
// built from (HANDBACK_TOKENS, or the demo's tokens: lib/auth/context.ts tokenSource), for the first
// registered token of that team's role.
// The lab starts during boot, before Next answers HTTP: a post is retried with doubling delays (0.5 s
// up to 8 s) for at most ~60 s, then dropped with a warning; posts go out one at a time, in order.

const FIRST_DELAY_MS = 500;
const MAX_DELAY_MS = 8_000;
const GIVE_UP_AFTER_MS = 60_000;

/** Posts one scenario update; resolves once posted, skipped or given up (never rejects). */
export type HumanPoster = (post: ScenarioPost) => Promise<void>;

/** name → secret for every well-formed `name:role:secret` entry of a token list (HANDBACK_TOKENS' form). */
function secretsByName(raw: string | undefined): Map<string, string> {
  const secrets = new Map<string, string>();
  for (const text of (raw ?? "").split(",")) {
    const parts = text.trim().split(":");
    if (parts.length >= 3 && parts[0]) secrets.set(parts[0], parts.slice(2).join(":"));
  }
  return secrets;
}

/** The bearer secret and token name a team posts with, or null when no registered token has that role. */
export function teamToken(tokens: readonly TokenEntry[], raw: string | undefined, team: string): { name: string; secret: string } | null {
  const secrets = secretsByName(raw);
  for (const token of tokens) {
    const secret = secrets.get(token.name);
    if (token.role === team && secret) return { name: token.name, secret };
  }
  return null;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A poster for the server at `baseUrl`; `resolveToken` is asked per team (once; a miss is logged once). */
export function createHumanPoster(
  baseUrl: string,
  resolveToken: (team: string) => { name: string; secret: string } | null,
  options: { firstDelayMs?: number; giveUpAfterMs?: number } = {},
): HumanPoster {
  const skipped = new Set<string>();
  let queue: Promise<void> = Promise.resolve();
  const send = async (post: ScenarioPost): Promise<void> => {
    const token = resolveToken(post.team);
    if (!token) {
      if (!skipped.has(post.team)) log.warn(`lab scenario: no token with role "${post.team}" among the server's tokens; that team's scenario posts are skipped`);
      skipped.add(post.team);
      return;
    }
    const giveUpAt = Date.now() + (options.giveUpAfterMs ?? GIVE_UP_AFTER_MS);
    let delay = options.firstDelayMs ?? FIRST_DELAY_MS;
    for (;;) {
      let problem: string;
      try {
        const response = await fetch(`${baseUrl}/api/timeline`, {
          method: "POST",
          headers: { authorization: `Bearer ${token.secret}`, "content-type": "application/json" },
          body: JSON.stringify({ type: post.type, text: post.text }),
        });
        if (response.ok) return;
        problem = `HTTP ${response.status}`;
        // A refusal (bad token, bad body) will not change on retry; a 5xx while Next starts may.
        if (response.status < 500) return log.warn(`lab scenario: ${post.team} post refused (${problem})`);
      } catch (error) {
        problem = messageOf(error);
      }
      if (Date.now() + delay > giveUpAt) return log.warn(`lab scenario: ${post.team} post dropped, server not answering (${problem})`);
      await sleep(delay);
      delay = Math.min(delay * 2, MAX_DELAY_MS);
    }
  };
  return (post) => {
    const sent = queue.then(() => send(post));
    queue = sent;
    return sent;
  };
}
