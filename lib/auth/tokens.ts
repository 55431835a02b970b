import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import { z } from "zod";

// HANDBACK_TOKENS="name:role:secret,…". Problems name the entry by position (and by name once the name
// is valid) and never quote the secret, nor a field that might be a misplaced secret (the role).

/** Tokens shorter than this are refused: 16 printable characters resist guessing over HTTP. */
export const MIN_SECRET_LENGTH = 16;
/** The read-only role every config has besides its team ids. */
export const VIEWER_ROLE = "viewer";

/** Who made a request: the token's name (the actor written to the timeline) and its role. */
export interface Principal {
  name: string;
  role: string;
}

/** A configured token: its principal and the SHA-256 of its secret (the secret itself is not kept). */
export interface TokenEntry extends Principal {
  digest: Buffer;
}

/** Thrown at start-up when HANDBACK_TOKENS is invalid; lists every problem, no secret among them. */
export class TokenConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid HANDBACK_TOKENS:\n  ${problems.join("\n  ")}`);
    this.name = "TokenConfigError";
  }
}

const nameSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/);
const secretSchema = z
  .string()
  .regex(/^[\x21-\x7e]*$/, "secret must be printable ASCII without spaces")
  .min(MIN_SECRET_LENGTH, `secret is shorter than ${MIN_SECRET_LENGTH} characters`);

/** SHA-256 of a secret; hashing first makes every comparison the same length. */
export function digestSecret(secret: string): Buffer {
  return createHash("sha256").update(secret, "utf8").digest();
}

/** Compares two secrets in constant time (independent of where, or whether, they differ). */
export function secretsEqual(presented: string, expected: string): boolean {
  return timingSafeEqual(digestSecret(presented), digestSecret(expected));
}

type EntryResult = { entry: TokenEntry; problems: [] } | { entry: null; problems: string[] };

function parseEntry(text: string, label: string, roles: ReadonlySet<string>): EntryResult {
  const first = text.indexOf(":");
  const second = first < 0 ? -1 : text.indexOf(":", first + 1);
  if (second < 0) return { entry: null, problems: [`${label}: expected name:role:secret`] };
  const [name, role, secret] = [text.slice(0, first), text.slice(first + 1, second), text.slice(second + 1)];
  const problems: string[] = [];
  const named = nameSchema.safeParse(name).success;
  const where = named ? `${label} ("${name}")` : label;
  if (!named) problems.push(`${label}: name must be 1-64 of A-Z a-z 0-9 . _ @ - (starting with a letter or digit)`);
  if (!roles.has(role)) problems.push(`${where}: unknown role (expected one of ${[...roles].join(", ")})`);
  if (secret === "") problems.push(`${where}: empty secret`);
  else {
    const checked = secretSchema.safeParse(secret);
    if (!checked.success) problems.push(...checked.error.issues.map((issue) => `${where}: ${issue.message}`));
  }
  if (problems.length > 0) return { entry: null, problems };
  return { entry: { name, role, digest: digestSecret(secret) }, problems: [] };
}

function duplicateProblems(entries: readonly TokenEntry[]): string[] {
  const problems: string[] = [];
  entries.forEach((entry, index) => {
    const earlier = entries.slice(0, index);
    if (earlier.some((other) => other.name === entry.name)) problems.push(`"${entry.name}": duplicate token name`);
    const twin = earlier.find((other) => timingSafeEqual(other.digest, entry.digest));
    if (twin) problems.push(`"${entry.name}": same secret as "${twin.name}" (each token needs its own secret)`);
  });
  return problems;
}

/** Parses HANDBACK_TOKENS against the config's team ids; empty or unset gives no tokens. */
export function parseTokens(
  raw: string | undefined,
  teamIds: readonly string[],
): { ok: true; tokens: TokenEntry[] } | { ok: false; problems: string[] } {
  const roles = new Set([...teamIds, VIEWER_ROLE]);
  const texts = (raw ?? "").split(",").map((text) => text.trim());
  const problems: string[] = [];
  const tokens: TokenEntry[] = [];
  texts.forEach((text, index) => {
    if (text === "") return; // a trailing comma or a blank line between entries
    const result = parseEntry(text, `entry ${index + 1}`, roles);
    if (result.entry) tokens.push(result.entry);
    problems.push(...result.problems);
  });
  problems.push(...duplicateProblems(tokens));
  return problems.length > 0 ? { ok: false, problems } : { ok: true, tokens };
}

/** The token whose secret matches; every entry is compared, so timing does not reveal which one. */
export function findToken(tokens: readonly TokenEntry[], secret: string): TokenEntry | null {
  const digest = digestSecret(secret);
  let match: TokenEntry | null = null;
  for (const token of tokens) {
    if (timingSafeEqual(token.digest, digest) && match === null) match = token;
  }
  return match;
}

/** Every secret written in HANDBACK_TOKENS, valid entry or not: each joins the scrub list (lib/redact.ts). */
export function listTokenSecrets(raw: string | undefined): string[] {
  return (raw ?? "").split(",").map((text) => text.trim().split(":").slice(2).join(":")).filter((secret) => secret !== "");
}
