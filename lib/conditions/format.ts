import type { ConditionOutcome } from "./types";

// Condition evidence as one line of text for logs, the timeline and tooltips.

/** The actual value as shown between parentheses: strings bare (empty as ""), the rest as JSON. */
function showActual(actual: ConditionOutcome["actual"]): string {
  if (typeof actual === "string") return actual === "" ? '""' : actual;
  return String(actual);
}

/** `[STATUS] (503) == 200`; a failure with a reason adds it (`[STATUS] == 200: [STATUS] was not measured`). */
export function formatOutcome(outcome: ConditionOutcome): string {
  const unread = outcome.actual === null && outcome.reason !== undefined;
  const actual = unread ? "" : ` (${showActual(outcome.actual)})`;
  const reason = outcome.reason === undefined || outcome.success ? "" : `: ${outcome.reason}`;
  return `${outcome.left}${actual} ${outcome.operator} ${outcome.expected}${reason}`;
}
