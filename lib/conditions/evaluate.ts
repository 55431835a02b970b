import { compareWithLiteral, valueToLiteral, matchesGlob, stringifyValue, valuesEqual, type Verdict } from "./compare";
import { resolvePlaceholder, type ResolvedValue } from "./resolve";
import type { ConditionOutcome, LeftOperand, Observations, ParsedCondition } from "./types";

// Judges parsed conditions against observations. Pure and total: a value that cannot be read or compared
// makes the condition fail with a reason; it never throws and never passes by default.

const MAX_ACTUAL_CHARS = 200;

/** The left side's value, or why it has none. */
type LeftValue = { ok: true; value: ResolvedValue } | { ok: false; reason: string };

/** The length len() reports: characters of text, items of an array, keys of an object. */
function measureLength(value: ResolvedValue): number {
  if (value === null) return 0;
  if (Array.isArray(value)) return value.length;
  if (typeof value === "object") return Object.keys(value).length;
  return stringifyValue(value).length;
}

/** Resolves the left side; has() is false for a path that does not resolve, but fails when nothing was measured. */
function resolveLeft(left: LeftOperand, observations: Observations): LeftValue {
  const target = left.kind === "placeholder" ? left : left.target;
  const resolution = resolvePlaceholder(target, observations);
  if (resolution.kind === "absent") return { ok: false, reason: resolution.reason };
  if (left.kind === "has") return { ok: true, value: resolution.kind === "value" };
  if (resolution.kind === "missing") return { ok: false, reason: resolution.reason };
  return { ok: true, value: left.kind === "len" ? measureLength(resolution.value) : resolution.value };
}

/** Compares the left value with the right side of the condition. */
function judge(actual: ResolvedValue, parsed: ParsedCondition, observations: Observations): Verdict {
  const { operator, right } = parsed;
  const label = parsed.left.text;
  const equalsWanted = operator === "==";
  if (right.kind === "pattern") return { success: matchesGlob(actual, right.glob) === equalsWanted };
  if (right.kind === "any") return { success: right.options.some((option) => valuesEqual(actual, option)) === equalsWanted };
  if (right.kind === "literal") return compareWithLiteral(actual, operator, right.literal, label);
  const other = resolvePlaceholder(right, observations);
  if (other.kind !== "value") return { success: false, reason: other.reason };
  return compareWithLiteral(actual, operator, valueToLiteral(other.value), label);
}

/** The left value as evidence: scalars as they are, JSON as text, long text cut to about 200 characters. */
function toEvidence(value: ResolvedValue): ConditionOutcome["actual"] {
  if (typeof value === "number" || typeof value === "boolean" || value === null) return value;
  const text = stringifyValue(value);
  return text.length > MAX_ACTUAL_CHARS ? `${text.slice(0, MAX_ACTUAL_CHARS)}…` : text;
}

/** Judges one parsed condition against a probe's (or a test run's) observations. */
export function evaluateCondition(parsed: ParsedCondition, observations: Observations): ConditionOutcome {
  const base = { condition: parsed.text, left: parsed.left.text, operator: parsed.operator, expected: parsed.right.text };
  const left = resolveLeft(parsed.left, observations);
  if (!left.ok) return { ...base, success: false, actual: null, reason: left.reason };
  const verdict = judge(left.value, parsed, observations);
  const outcome: ConditionOutcome = { ...base, success: verdict.success, actual: toEvidence(left.value) };
  if (verdict.reason !== undefined) outcome.reason = verdict.reason;
  return outcome;
}

/** Judges every condition; success when all hold (an empty list holds). */
export function evaluateAll(
  parsed: readonly ParsedCondition[],
  observations: Observations,
): { success: boolean; outcomes: ConditionOutcome[] } {
  const outcomes = parsed.map((condition) => evaluateCondition(condition, observations));
  return { success: outcomes.every((outcome) => outcome.success), outcomes };
}
