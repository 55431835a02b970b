import "server-only";
import { log } from "../log";
import { messageOf } from "../message-of";
import type { ScenarioPost } from "../config/scenario-schema";
import type { TokenEntry } from "../auth/tokens";

// The scenario's human updates go through POST /api/timeline, and its CI's JUnit reports through POST
// /api/test-runs, on the server's own port with a Bearer token of the team, exactly as a person's or a CI
// job's would: same guard, same parser, same actor (the token's name), same SSE events. The registry
// keeps only digests, so the secret is read from the text the registry was built from (HANDBACK_TOKENS,
// or the demo's tokens: lib/auth/context.ts tokenSource), for the first token of that team's role.
// The lab starts during boot, before Next answers HTTP: a post is retried with doubling delays (0.5 s
// up to 8 s) for at most ~60 s, then dropped with a warning; posts go out one at a time, in order.

const FIRST_DELAY_MS = 500;
const MAX_DELAY_MS = 8_000;
const GIVE_UP_AFTER_MS = 60_000;

/** What the lab sends as people do: a team's update or note, and the demo CI's JUnit report (as dev). */
export interface LabClient {
  post(post: ScenarioPost): Promise<void>;
  report(suite: string, xml: string): Promise<void>;
}

/** One request to the server, sent with the bearer token of `team`. */
interface Outgoing {
  team: string;
  what: string;
  path: string;
  contentType: string;
  body: string;
}

// The seeds' dev team runs the test suites; the demo CI reports as that team, through POST /api/test-runs.
const CI_TEAM = "dev";

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

/** A client of the server at `baseUrl`; `resolveToken` is asked per team (a miss is logged once per team). Never rejects. */
export function createLabClient(
  baseUrl: string,
  resolveToken: (team: string) => { name: string; secret: string } | null,
  options: { firstDelayMs?: number; giveUpAfterMs?: number } = {},
): LabClient {
  const skipped = new Set<string>();
  let queue: Promise<void> = Promise.resolve();
  const send = async (outgoing: Outgoing): Promise<void> => {
    const token = resolveToken(outgoing.team);
    if (!token) {
      if (!skipped.has(outgoing.team)) log.warn(`lab scenario: no token with role "${outgoing.team}" among the server's tokens; that team's scenario posts are skipped`);
      skipped.add(outgoing.team);
      return;
    }
    const giveUpAt = Date.now() + (options.giveUpAfterMs ?? GIVE_UP_AFTER_MS);
    let delay = options.firstDelayMs ?? FIRST_DELAY_MS;
    for (;;) {
      let problem: string;
      try {
        const response = await fetch(`${baseUrl}${outgoing.path}`, {
          method: "POST",
          headers: { authorization: `Bearer ${token.secret}`, "content-type": outgoing.contentType },
          body: outgoing.body,
        });
        if (response.ok) return;
        problem = `HTTP ${response.status}`;
        // A refusal (bad token, bad body) will not change on retry; a 5xx while Next starts may.
        if (response.status < 500) return log.warn(`lab scenario: ${outgoing.what} refused (${problem})`);
      } catch (error) {
        problem = messageOf(error);
      }
      if (Date.now() + delay > giveUpAt) return log.warn(`lab scenario: ${outgoing.what} dropped, server not answering (${problem})`);
      await sleep(delay);
      delay = Math.min(delay * 2, MAX_DELAY_MS);
    }
  };
  // One at a time, in order: an update never overtakes the report it comments on.
  const enqueue = (outgoing: Outgoing) => {
    const sent = queue.then(() => send(outgoing));
    queue = sent;
    return sent;
  };
  return {
    post: (post) => enqueue({ team: post.team, what: `${post.team} post`, path: "/api/timeline", contentType: "application/json", body: JSON.stringify({ type: post.type, text: post.text }) }),
    report: (suite, xml) =>
      enqueue({ team: CI_TEAM, what: `CI report for ${suite}`, path: `/api/test-runs?suite=${encodeURIComponent(suite)}`, contentType: "application/xml", body: xml }),
  };
}
