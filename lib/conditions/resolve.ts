import type { Observations, PathSegment, PlaceholderRef } from "./types";

// Reads a placeholder's value out of a probe's observations: the value itself, a JSON path into BODY, or a
// header (case-insensitive). Never throws: what cannot be read comes back with the reason.

/** A value a condition can judge: observation scalars, or any JSON value from a body path. */
export type ResolvedValue = string | number | boolean | null | readonly unknown[] | { readonly [key: string]: unknown };

/** A placeholder's value; `absent` means the probe never measured it, `missing` that its path did not resolve. */
export type Resolution =
  | { kind: "value"; value: ResolvedValue }
  | { kind: "absent"; reason: string }
  | { kind: "missing"; reason: string };

/** Whether `value` is a JSON object (not an array, not null). */
function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The value of a response header, matching its name case-insensitively. */
function readHeader(headers: unknown, name: string, text: string): Resolution {
  const wanted = name.toLowerCase();
  const entry = isRecord(headers) ? Object.entries(headers).find(([key]) => key.toLowerCase() === wanted) : undefined;
  if (entry === undefined) return { kind: "missing", reason: `${text}: no "${name}" header in the response` };
  return { kind: "value", value: entry[1] as ResolvedValue };
}

/** BODY as parsed JSON, or undefined when it is not JSON. */
function parseBody(body: unknown): unknown {
  if (typeof body !== "string") return body;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

/** One step of a JSON path from `value`, or why it cannot be taken. */
function stepInto(value: unknown, segment: PathSegment): { value: unknown } | { reason: string } {
  if (typeof segment === "number") {
    if (!Array.isArray(value)) return { reason: `[${segment}] needs an array, found ${describeJsonType(value)}` };
    if (segment >= value.length) return { reason: `index ${segment} is past the end (length ${value.length})` };
    return { value: value[segment] };
  }
  if (!isRecord(value)) return { reason: `"${segment}" needs an object, found ${describeJsonType(value)}` };
  if (!Object.hasOwn(value, segment)) return { reason: `no key "${segment}"` };
  return { value: value[segment] };
}

/** A JSON value's type for messages. */
function describeJsonType(value: unknown): string {
  if (value === null) return "null";
  return Array.isArray(value) ? "an array" : `a ${typeof value}`;
}

/** Follows a JSON path into BODY. */
function readJsonPath(body: unknown, path: readonly PathSegment[], text: string): Resolution {
  let value = parseBody(body);
  if (value === undefined) return { kind: "missing", reason: `[BODY] is not JSON, so ${text} cannot be read` };
  for (const segment of path) {
    const step = stepInto(value, segment);
    if ("reason" in step) return { kind: "missing", reason: `${text} not found: ${step.reason}` };
    value = step.value;
  }
  return { kind: "value", value: value as ResolvedValue };
}

/** Resolves a placeholder reference against what a probe (or a test run) observed. */
export function resolvePlaceholder(ref: PlaceholderRef, observations: Observations): Resolution {
  const raw = observations[ref.name];
  if (raw === undefined || raw === null) return { kind: "absent", reason: `[${ref.name}] was not measured` };
  if (ref.name === "HEADER") return readHeader(raw, String(ref.path[0] ?? ""), ref.text);
  if (ref.path.length > 0) return readJsonPath(raw, ref.path, ref.text);
  return { kind: "value", value: raw };
}
