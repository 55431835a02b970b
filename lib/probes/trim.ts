import "server-only";
import type { Observations, ProbeResult } from "./types";

// What a result keeps, and where it is cut. Probes capture a margin past each cap, runProbe scrubs the
// secrets out, and only then does trimResult cut (issue 10, bug 14): cut first, a secret straddling the
// cap would lose its end and keep its prefix, which no scrubber recognises any more. Every string of a
// result is bounded here, so a result's size is bounded whatever the target sends.

/** BODY keeps at most this much (UTF-8 bytes); a larger body sets BODY_TRUNCATED. */
export const MAX_BODY_BYTES = 1024 * 1024;
/** OUTPUT (command stdout) keeps at most this much (UTF-8 bytes). */
export const MAX_OUTPUT_BYTES = 64 * 1024;
/** Any other string observation, and each header value, keeps at most this much. */
export const MAX_TEXT_BYTES = 64 * 1024;
/** An error message keeps at most this many characters. */
export const MAX_MESSAGE_CHARS = 500;
/** What probes read past a cap, so that a secret starting before the cap is whole when it is scrubbed. */
export const SCRUB_MARGIN_BYTES = 64 * 1024;

const CAPS: Record<string, number> = { BODY: MAX_BODY_BYTES, OUTPUT: MAX_OUTPUT_BYTES };

/** The text cut to at most `max` UTF-8 bytes (a character split by the cut is dropped). */
export function cutBytes(text: string, max: number): string {
  if (text.length * 3 <= max || Buffer.byteLength(text) <= max) return text;
  return Buffer.from(text).subarray(0, max).toString("utf8").replace(/\uFFFD$/, "");
}

/** Each string observation cut to its cap; map observations (HEADER) value by value. */
function trimObservations(observations: Observations): Observations {
  const trimValue = (name: string, value: Observations[string]): Observations[string] => {
    if (typeof value === "string") return cutBytes(value, CAPS[name] ?? MAX_TEXT_BYTES);
    if (value === null || typeof value !== "object") return value;
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, cutBytes(inner, MAX_TEXT_BYTES)]));
  };
  return Object.fromEntries(Object.entries(observations).map(([name, value]) => [name, trimValue(name, value)]));
}

/** A copy of an (already scrubbed) result with every string within its cap. */
export function trimResult(result: ProbeResult): ProbeResult {
  const message = result.error?.message;
  const cutMessage = message !== undefined && message.length > MAX_MESSAGE_CHARS ? `${message.slice(0, MAX_MESSAGE_CHARS)}…` : message;
  return {
    ...result,
    ...(result.error ? { error: { ...result.error, message: cutMessage ?? "" } } : {}),
    observations: trimObservations(result.observations),
  };
}
