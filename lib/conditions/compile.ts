import { parseCondition } from "./parse";
import { TEST_PLACEHOLDERS, type ParsedCondition, type PlaceholderName, type RightOperand } from "./types";

// Parsed conditions for the engine, memoised by text: config keeps condition strings (validated at load),
// and each distinct string is parsed once however often it is judged.

const MAX_CACHED = 2_000;
const cache = new Map<string, ParsedCondition>();

/** Parses a condition once and reuses the result; throws a ConditionSyntaxError like parseCondition. */
export function compileCondition(text: string): ParsedCondition {
  const key = text.trim();
  const cached = cache.get(key);
  if (cached) return cached;
  const parsed = parseCondition(key);
  // Conditions come from config, so the set is small; the cap only guards against unbounded callers.
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(key, parsed);
  return parsed;
}

/** Parses a list of condition strings (memoised); config validation guarantees they parse. */
export function compileConditions(texts: readonly string[]): ParsedCondition[] {
  return texts.map(compileCondition);
}

/** The placeholder on the right side, if it is one. */
function rightPlaceholder(right: RightOperand): PlaceholderName[] {
  return right.kind === "placeholder" ? [right.name] : [];
}

/** Every placeholder a condition reads, left side first. */
export function listPlaceholders(parsed: ParsedCondition): PlaceholderName[] {
  const left = parsed.left.kind === "placeholder" ? parsed.left.name : parsed.left.target.name;
  return [left, ...rightPlaceholder(parsed.right)];
}

/** Whether a placeholder belongs to test runs ([PASS_RATE], [TESTS], …) rather than probes. */
export function isTestPlaceholder(name: PlaceholderName): boolean {
  return (TEST_PLACEHOLDERS as readonly string[]).includes(name);
}

/** The response headers a condition reads (`[HEADER].name` on either side), lower-cased. */
export function listHeaderNames(parsed: ParsedCondition): string[] {
  const left = parsed.left.kind === "placeholder" ? parsed.left : parsed.left.target;
  const refs = parsed.right.kind === "placeholder" ? [left, parsed.right] : [left];
  return refs.filter((ref) => ref.name === "HEADER").map((ref) => String(ref.path[0] ?? "").toLowerCase());
}
