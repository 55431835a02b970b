import "server-only";
import type { ProbeConfig } from "../config";
import { basicAuthSecrets, redactText, secretList, serverSecrets, urlSecrets } from "../redact";
import type { Observations, ProbeResult } from "./types";

// Secrets never leave the server (docs/architecture.md "Secrets"): a password in a URL, header values, env of command probes,
// plus the process-wide list of lib/redact.ts. runProbe scrubs every result, so no probe has to remember to.

/**
 * Request headers that carry no credential: their values are not secrets (an `Accept: application/json`
 * must not mask every "application/json" of a result), and they alone follow a redirect to another origin.
 */
export const PLAIN_REQUEST_HEADERS: ReadonlySet<string> = new Set([
  "accept", "accept-encoding", "accept-language", "cache-control", "content-language", "content-type", "pragma", "user-agent",
]);

/** The values of the configured headers that may carry a credential: every header but the plain ones. */
function headerSecrets(headers: Record<string, string> = {}): string[] {
  return Object.entries(headers).filter(([name]) => !PLAIN_REQUEST_HEADERS.has(name.toLowerCase())).map(([, value]) => value);
}

/** What each probe type holds secretly; one line per type, like the registry. */
const SECRET_FIELDS: { [T in ProbeConfig["type"]]: (probe: Extract<ProbeConfig, { type: T }>) => string[] } = {
  http: (probe) => [...urlSecrets(probe.url), ...basicAuthSecrets(probe.url), ...headerSecrets(probe.headers)],
  tls: () => [],
  tcp: () => [],
  dns: () => [],
  postgres: (probe) => urlSecrets(probe.url),
  redis: (probe) => urlSecrets(probe.url),
  websocket: (probe) => [...urlSecrets(probe.url), ...basicAuthSecrets(probe.url)],
  command: (probe) => Object.values(probe.env ?? {}),
  // `${ENV}` values typed by fill are on the process-wide list (lib/config/interpolate.ts), and their
  // fields are masked in screenshots; literal fill text (a prompt) is not a secret.
  browser: () => [],
};

/** Every secret a probe's config holds, longest first, without duplicates or too-short values. */
export function secretsOf(probe: ProbeConfig): string[] {
  const pick = SECRET_FIELDS[probe.type] as (probe: ProbeConfig) => string[];
  return secretList(pick(probe));
}

/** What runProbe scrubs from a result: the probe's own secrets and the process-wide list. */
export function scrubListOf(probe: ProbeConfig): string[] {
  return secretList([...secretsOf(probe), ...serverSecrets()]);
}

/** Scrubs string observations, including the values and names of map observations (HEADER). */
function scrubObservations(observations: Observations, secrets: readonly string[]): Observations {
  const scrubValue = (value: Observations[string]): Observations[string] => {
    if (typeof value === "string") return redactText(value, secrets);
    if (value === null || typeof value !== "object") return value;
    return Object.fromEntries(
      Object.entries(value).map(([name, inner]) => [redactText(name, secrets), redactText(inner, secrets)]),
    );
  };
  return Object.fromEntries(Object.entries(observations).map(([name, value]) => [name, scrubValue(value)]));
}

/** A copy of the result with every secret replaced by `***` in the error message and string observations. */
export function scrubResult(result: ProbeResult, secrets: readonly string[]): ProbeResult {
  if (secrets.length === 0) return result;
  return {
    ...result,
    ...(result.error ? { error: { ...result.error, message: redactText(result.error.message, secrets) } } : {}),
    observations: scrubObservations(result.observations, secrets),
  };
}
