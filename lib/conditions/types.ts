// The condition language's vocabulary and shapes: placeholders, operators, the parsed tree and an outcome.
// No runtime imports, so client components may render outcomes.

/**
 * Placeholder values by name without brackets: STATUS, RESPONSE_TIME, BODY, HEADER (lower-cased name →
 * value), CONNECTED, CERTIFICATE_EXPIRATION (ms until notAfter), CERTIFICATE_VALID, DNS_RCODE, IP, ROWS,
 * EXIT_CODE, OUTPUT. A placeholder a probe did not set is absent, and a condition on it fails.
 */
export type Observations = Record<string, string | number | boolean | null | Record<string, string>>;

/** Placeholders a probe sets (docs/configuration.md, probe types). */
export const PROBE_PLACEHOLDERS = [
  "STATUS",
  "RESPONSE_TIME",
  "BODY",
  "HEADER",
  "CONNECTED",
  "CERTIFICATE_EXPIRATION",
  "CERTIFICATE_VALID",
  "DNS_RCODE",
  "IP",
  "ROWS",
  "EXIT_CODE",
  "OUTPUT",
  "STEPS",
  "STEPS_PASSED",
  "WS_MESSAGES",
] as const;

/** Placeholders a test suite run sets; only suite criteria may use them. */
export const TEST_PLACEHOLDERS = ["PASS_RATE", "TESTS", "PASSED", "FAILED", "SKIPPED", "MISSING", "CRITICAL_FAILED"] as const;

/** Every placeholder name the language knows, without brackets. */
export const PLACEHOLDERS = [...PROBE_PLACEHOLDERS, ...TEST_PLACEHOLDERS] as const;

/** A placeholder name without brackets, e.g. `STATUS`. */
export type PlaceholderName = (typeof PLACEHOLDERS)[number];

/** Comparison operators, longest first so `<=` is never read as `<`. */
export const OPERATORS = ["==", "!=", "<=", ">=", "<", ">"] as const;

/** A comparison operator. */
export type Operator = (typeof OPERATORS)[number];

/** A step of a JSON path (`.key` or `[index]`), or a header name. */
export type PathSegment = string | number;

/** `[NAME]` with an optional path: `[BODY].a.b[0]`, `[HEADER].content-type`; `text` is as written. */
export interface PlaceholderRef {
  kind: "placeholder";
  name: PlaceholderName;
  path: PathSegment[];
  text: string;
}

/** A value written in the condition; `number` and `durationMs` are set when the text reads as one. */
export interface Literal {
  text: string;
  number?: number;
  durationMs?: number;
}

/** `len(X)` or `has(X)` around a placeholder; left side only. */
export interface FunctionOperand {
  kind: "len" | "has";
  target: PlaceholderRef;
  text: string;
}

/** What a condition judges: a placeholder, or len()/has() of one. */
export type LeftOperand = PlaceholderRef | FunctionOperand;

/** What the left side is compared with. */
export type RightOperand =
  | PlaceholderRef
  | { kind: "literal"; literal: Literal; text: string }
  | { kind: "pattern"; glob: string; text: string }
  | { kind: "any"; options: Literal[]; text: string };

/** A condition after parsing; `text` is the original (trimmed) condition. */
export interface ParsedCondition {
  text: string;
  left: LeftOperand;
  operator: Operator;
  right: RightOperand;
}

/** Evidence of one condition for the UI: `[STATUS] (503) == 200`. */
export interface ConditionOutcome {
  /** The condition as written. */
  condition: string;
  success: boolean;
  /** The resolved left value (strings truncated to about 200 characters); null when it could not be read. */
  actual: string | number | boolean | null;
  /** The right side as written. */
  expected: string;
  /** The left side as written, e.g. `[STATUS]` or `len([BODY].items)`. */
  left: string;
  operator: Operator;
  /** Why the condition failed when a value alone does not say it (not measured, not JSON, not a number). */
  reason?: string;
}
