import "server-only";
import { listTokenSecrets } from "./auth/tokens";

// The one redaction module (docs/architecture.md "Secrets"). Log lines, probe results, storage
// and event-bus errors and the readiness reason all pass through here. Two kinds of secret:
// - those a caller knows (a probe's URL password and header values, the storage URL it connects to);
// - the process-wide list: every server secret (token secrets, the session secret, DATABASE_URL and
//   REDIS_URL with their passwords) and every value `${ENV}` interpolation put into the config.

/** What a secret is replaced with. */
const MASK = "***";
/** Shorter values are not scrubbed by the shared lists: replacing e.g. "1" or "on" everywhere would destroy every text. */
export const MIN_SECRET_LENGTH = 4;
// `scheme://user:password@` anywhere in a text: the password goes, whoever wrote the URL.
const URL_CREDENTIALS = /([a-z][a-z0-9+.-]*:\/\/)([^\s:@/]+):([^\s@/]+)@/gi;
// Query parameters of a URL that carry credentials (libpq `password`, `sslpassword`, tokens…).
const SECRET_PARAM = /pass|secret|token|key|auth/i;

/** The raw and percent-decoded forms of a value. */
function bothForms(value: string): string[] {
  try {
    return [value, decodeURIComponent(value)];
  } catch {
    return [value];
  }
}

/** Password and credential-like query values of a URL, raw and decoded; nothing for a text that is no URL. */
export function urlSecrets(raw: string): string[] {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return [];
  }
  const params = [...url.searchParams].filter(([name]) => SECRET_PARAM.test(name)).map(([, value]) => value);
  return [...new Set([url.password, ...params].flatMap(bothForms))].filter((value) => value !== "");
}

/** A connection URL with its secrets, when it holds any (or cannot be read): what no message may contain. */
export function connectionSecrets(raw: string): string[] {
  const secrets = urlSecrets(raw);
  return secrets.length > 0 || !URL.canParse(raw) ? [raw, ...secrets] : [];
}

/** The Basic credentials a client derives from the URL's userinfo (an echoing target would show them). */
export function basicAuthSecrets(raw: string): string[] {
  try {
    const url = new URL(raw);
    if (url.password === "") return [];
    const pair = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
    return [Buffer.from(pair).toString("base64")];
  } catch {
    return [];
  }
}

/** A scrub list: long enough values only, without duplicates, longest first (so no secret is half-masked). */
export function secretList(values: Iterable<string>): string[] {
  const unique = new Set([...values].filter((value) => value.length >= MIN_SECRET_LENGTH));
  return [...unique].sort((a, b) => b.length - a.length);
}

/** Replaces the password of any `scheme://user:password@host` in the text with `***`. */
export function redactUrls(text: string): string {
  return text.replace(URL_CREDENTIALS, `$1$2:${MASK}@`);
}

/** Replaces every occurrence of every given secret (empty ones ignored), longest first. */
export function redactText(text: string, secrets: readonly string[]): string {
  const ordered = [...secrets].filter((secret) => secret !== "").sort((a, b) => b.length - a.length);
  return ordered.reduce((scrubbed, secret) => (scrubbed.includes(secret) ? scrubbed.split(secret).join(MASK) : scrubbed), text);
}

// On globalThis, like lib/log.ts's level: Next bundles routes separately, and the list is filled once at start.
const KEY = Symbol.for("handback.serverSecrets");
type GlobalWithSecrets = typeof globalThis & { [KEY]?: string[] };

/** Adds values to the process-wide scrub list (server secrets, interpolated config values). */
function addServerSecrets(values: Iterable<string>): void {
  const store = globalThis as GlobalWithSecrets;
  store[KEY] = secretList([...(store[KEY] ?? []), ...values]);
}

/** The process-wide scrub list, longest first. */
export function serverSecrets(): readonly string[] {
  return (globalThis as GlobalWithSecrets)[KEY] ?? [];
}

/** A text safe to log or return: the given secrets, every server secret and URL passwords masked. */
export function redact(text: string, secrets: readonly string[] = []): string {
  return redactUrls(redactText(text, [...secrets, ...serverSecrets()]));
}

/** The variables whose values are the server's own secrets. */
export interface ServerSecretSources {
  HANDBACK_TOKENS?: string;
  HANDBACK_SESSION_SECRET?: string;
  DATABASE_URL?: string;
  REDIS_URL?: string;
}

/** The server's own secrets: token secrets, the session secret, the storage and Redis URLs and their passwords. */
export function serverSecretsOf(env: ServerSecretSources): string[] {
  const urls = [env.DATABASE_URL, env.REDIS_URL].filter((url) => url !== undefined && url !== "") as string[];
  return [...listTokenSecrets(env.HANDBACK_TOKENS), env.HANDBACK_SESSION_SECRET ?? "", ...urls.flatMap(connectionSecrets)];
}

/** Puts the server's secrets and every value interpolated into the config on the process-wide list. */
export function registerSecrets(env: ServerSecretSources, interpolated: readonly string[]): void {
  addServerSecrets([...serverSecretsOf(env), ...interpolated]);
}
