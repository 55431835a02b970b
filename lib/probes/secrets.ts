import "server-only";
import type { ProbeConfig } from "../config";
import type { Observations, ProbeResult } from "./types";

// Secrets never leave the server (PRODUCT.md): a password in a URL, header values, env of command probes.
// runProbe scrubs every result with these, so no probe has to remember to.

/** Shorter values are not scrubbed: replacing e.g. "1" or "on" everywhere would destroy every result. */
export const MIN_SECRET_LENGTH = 4;
const MASK = "***";
// Query parameters of a connection URL that carry credentials (libpq `password`, `sslpassword`, tokens…).
const SECRET_PARAM = /pass|secret|token|key|auth/i;

/** The raw and percent-decoded forms of a value. */
function bothForms(value: string): string[] {
  try {
    return [value, decodeURIComponent(value)];
  } catch {
    return [value];
  }
}

/** Password and credential-like query values of a URL, raw and decoded. */
function urlSecrets(raw: string): string[] {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return [];
  }
  const params = [...url.searchParams].filter(([name]) => SECRET_PARAM.test(name)).map(([, value]) => value);
  return [url.password, ...params].flatMap(bothForms);
}

/** The Basic credentials a client derives from the URL's userinfo (an echoing target would show them). */
function basicAuthSecrets(raw: string): string[] {
  try {
    const url = new URL(raw);
    if (url.password === "") return [];
    const pair = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
    return [Buffer.from(pair).toString("base64")];
  } catch {
    return [];
  }
}

/** What each probe type holds secretly; one line per type, like the registry. */
const SECRET_FIELDS: { [T in ProbeConfig["type"]]: (probe: Extract<ProbeConfig, { type: T }>) => string[] } = {
  http: (probe) => [...urlSecrets(probe.url), ...basicAuthSecrets(probe.url), ...Object.values(probe.headers ?? {})],
  tls: () => [],
  tcp: () => [],
  dns: () => [],
  postgres: (probe) => urlSecrets(probe.url),
  redis: (probe) => urlSecrets(probe.url),
  websocket: (probe) => [...urlSecrets(probe.url), ...basicAuthSecrets(probe.url)],
  command: (probe) => Object.values(probe.env ?? {}),
};

/** Every secret a probe's config holds, longest first, without duplicates or too-short values. */
export function secretsOf(probe: ProbeConfig): string[] {
  const pick = SECRET_FIELDS[probe.type] as (probe: ProbeConfig) => string[];
  const unique = new Set(pick(probe).filter((value) => value.length >= MIN_SECRET_LENGTH));
  return [...unique].sort((a, b) => b.length - a.length);
}

/** Replaces every occurrence of every secret in a string. */
export function scrubText(text: string, secrets: readonly string[]): string {
  return secrets.reduce((scrubbed, secret) => scrubbed.split(secret).join(MASK), text);
}

/** Scrubs string observations, including the values and names of map observations (HEADER). */
function scrubObservations(observations: Observations, secrets: readonly string[]): Observations {
  const scrubValue = (value: Observations[string]): Observations[string] => {
    if (typeof value === "string") return scrubText(value, secrets);
    if (value === null || typeof value !== "object") return value;
    return Object.fromEntries(
      Object.entries(value).map(([name, inner]) => [scrubText(name, secrets), scrubText(inner, secrets)]),
    );
  };
  return Object.fromEntries(Object.entries(observations).map(([name, value]) => [name, scrubValue(value)]));
}

/** A copy of the result with every secret replaced by `***` in the error message and string observations. */
export function scrubResult(result: ProbeResult, secrets: readonly string[]): ProbeResult {
  if (secrets.length === 0) return result;
  return {
    ...result,
    ...(result.error ? { error: { ...result.error, message: scrubText(result.error.message, secrets) } } : {}),
    observations: scrubObservations(result.observations, secrets),
  };
}
