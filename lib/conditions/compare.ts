import { globMatches } from "./glob";
import { numericLiteral, readNumber, toLiteral } from "./literal";
import type { ResolvedValue } from "./resolve";
import type { Literal, Operator } from "./types";

// Compares a resolved value with what the condition expects: numerically when both sides are numbers
// (numeric strings and durations in ms count), otherwise as text for == and !=. Never throws.

/** Whether a comparison held, and why not when the values alone do not say it. */
export interface Verdict {
  success: boolean;
  reason?: string;
}

/** A value as text: strings as they are, JSON values (objects, arrays, null) as JSON. */
export function stringifyValue(value: ResolvedValue): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

/** The number a value compares as: a number, or a string that spells one. */
function readNumericValue(value: ResolvedValue): number | undefined {
  if (typeof value === "number") return value;
  return typeof value === "string" ? readNumber(value) : undefined;
}

/** A resolved value (say, a right-side placeholder) as a literal, so it compares like a written one. */
export function valueToLiteral(value: ResolvedValue): Literal {
  return toLiteral(stringifyValue(value));
}

/** Equality: numeric when both sides are numeric, else exact text (booleans ignore the case of true/false). */
export function valuesEqual(actual: ResolvedValue, expected: Literal): boolean {
  const left = readNumericValue(actual);
  const right = numericLiteral(expected);
  if (left !== undefined && right !== undefined) return left === right;
  if (typeof actual === "boolean") return String(actual) === expected.text.toLowerCase();
  return stringifyValue(actual) === expected.text;
}

const ORDER: Record<"<" | "<=" | ">" | ">=", (a: number, b: number) => boolean> = {
  "<": (a, b) => a < b,
  "<=": (a, b) => a <= b,
  ">": (a, b) => a > b,
  ">=": (a, b) => a >= b,
};

/** Applies `operator` to a resolved value and a literal; `label` names the left side in reasons. */
export function compareWithLiteral(actual: ResolvedValue, operator: Operator, expected: Literal, label: string): Verdict {
  if (operator === "==") return { success: valuesEqual(actual, expected) };
  if (operator === "!=") return { success: !valuesEqual(actual, expected) };
  const left = readNumericValue(actual);
  const right = numericLiteral(expected);
  if (left === undefined) return { success: false, reason: `${label} is not a number, so ${operator} cannot compare it` };
  if (right === undefined) {
    return { success: false, reason: `"${expected.text}" is not a number or a duration, so ${operator} cannot compare with it` };
  }
  return { success: ORDER[operator](left, right) };
}

/** Whether the value's text matches the glob as a whole (case-sensitive, like Gatus's pat()). */
export function matchesGlob(actual: ResolvedValue, glob: string): boolean {
  return globMatches(glob, stringifyValue(actual));
}
