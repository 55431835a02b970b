import * as z from "zod";
import { messageOf } from "../message-of";

// Durations are written like Go/Gatus durations (`500ms`, `30s`, `1h30m`, `1d`) and handled as milliseconds.

const UNIT_MS = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1_000, ms: 1 } as const;
type Unit = keyof typeof UNIT_MS;
const UNIT_ORDER: readonly Unit[] = ["d", "h", "m", "s", "ms"];
const PART = /(\d+(?:\.\d+)?)(ms|d|h|m|s)/y;
const RANGE_SEPARATOR = "..";

/** Why `text` is not a duration, or undefined when it is one. */
function explainBadDuration(text: string): string | undefined {
  if (text.trim() === "") return "duration is empty";
  if (text.trim().startsWith("-")) return "duration must not be negative";
  if (/^\d+(\.\d+)?$/.test(text.trim())) return `duration "${text}" needs a unit (ms, s, m, h or d), e.g. "30s"`;
  return readDurationMs(text) === undefined
    ? `invalid duration "${text}": expected e.g. 500ms, 30s, 5m, 2h, 1h30m or 1d (units largest first, each once)`
    : undefined;
}

/** Milliseconds of `text`, or undefined if it is not a duration; units must come largest first, each once. */
function readDurationMs(text: string): number | undefined {
  const source = text.trim();
  let total = 0;
  let lastRank = -1;
  PART.lastIndex = 0;
  while (PART.lastIndex < source.length) {
    const match = PART.exec(source);
    if (!match) return undefined;
    const unit = match[2] as Unit;
    const rank = UNIT_ORDER.indexOf(unit);
    if (rank <= lastRank) return undefined;
    lastRank = rank;
    total += Number(match[1]) * UNIT_MS[unit];
  }
  return lastRank === -1 ? undefined : Math.round(total);
}

/** Parses a duration such as "1h30m" into milliseconds; throws a RangeError explaining a bad input. */
export function parseDuration(text: string): number {
  const problem = explainBadDuration(text);
  const ms = problem === undefined ? readDurationMs(text) : undefined;
  if (ms === undefined) throw new RangeError(problem ?? `invalid duration "${text}"`);
  return ms;
}

/** Formats milliseconds as the shortest duration string that parses back to the same value ("1h30m", "0s"). */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`cannot format duration ${ms}`);
  let rest = Math.round(ms);
  if (rest === 0) return "0s";
  let text = "";
  for (const unit of UNIT_ORDER) {
    const count = Math.floor(rest / UNIT_MS[unit]);
    if (count > 0) text += `${count}${unit}`;
    rest -= count * UNIT_MS[unit];
  }
  return text;
}

/** A duration string in config, output as milliseconds (bare numbers are rejected: "30" is ambiguous). */
export const durationSchema = z.string().transform((text, ctx) => {
  const problem = explainBadDuration(text);
  if (problem !== undefined) {
    ctx.addIssue({ code: "custom", message: problem });
    return z.NEVER;
  }
  return readDurationMs(text) as number;
});

/** A duration that must be greater than zero (intervals, timeouts, update cadence). */
export const positiveDurationSchema = durationSchema.refine((ms) => ms > 0, "duration must be greater than 0");

/** A phase estimate range in milliseconds. */
export interface DurationRange {
  minMs: number;
  maxMs: number;
}

/** Parses "2h..4h" (or a single "2h", meaning min = max) into a range; throws a RangeError on bad input. */
export function parseDurationRange(text: string): DurationRange {
  const parts = text.split(RANGE_SEPARATOR);
  if (parts.length > 2) throw new RangeError(`invalid range "${text}": expected e.g. 2h..4h`);
  const minMs = parseDuration(parts[0] ?? "");
  const maxMs = parts.length === 2 ? parseDuration(parts[1] ?? "") : minMs;
  if (minMs > maxMs) throw new RangeError(`invalid range "${text}": minimum is greater than maximum`);
  return { minMs, maxMs };
}

/** A phase estimate such as "2h..4h" in config, output as `{ minMs, maxMs }`. */
export const durationRangeSchema = z.string().transform((text, ctx): DurationRange => {
  try {
    return parseDurationRange(text);
  } catch (error) {
    ctx.addIssue({ code: "custom", message: messageOf(error) });
    return z.NEVER;
  }
});
