import { parseDuration } from "../config/duration";
import type { Literal } from "./types";

// How a value written in a condition reads: a number, a duration, or only text. Quotes never change this.

const NUMBER = /^[-+]?\d+(?:\.\d+)?$/;

/** The number a string spells (`"200"`, `"-1.5"`), or undefined when it is not a plain decimal. */
export function readNumber(text: string): number | undefined {
  const trimmed = text.trim();
  return NUMBER.test(trimmed) ? Number(trimmed) : undefined;
}

/** Milliseconds of a duration such as `336h` or `1h30m`, or undefined when `text` is not one. */
function readDurationMs(text: string): number | undefined {
  if (!/[a-z]$/.test(text)) return undefined;
  try {
    return parseDuration(text);
  } catch {
    return undefined;
  }
}

/** A written value with every reading it supports. */
export function toLiteral(text: string): Literal {
  const literal: Literal = { text };
  const number = readNumber(text);
  if (number !== undefined) literal.number = number;
  const durationMs = number === undefined ? readDurationMs(text) : undefined;
  if (durationMs !== undefined) literal.durationMs = durationMs;
  return literal;
}

/** The number a literal compares as: its number, else its duration in ms. */
export function numericLiteral(literal: Literal): number | undefined {
  return literal.number ?? literal.durationMs;
}
