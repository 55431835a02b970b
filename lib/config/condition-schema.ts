import * as z from "zod";
import { compileCondition, isTestPlaceholder, listPlaceholders, TEST_PLACEHOLDERS, type ParsedCondition } from "../conditions";
import { messageOf } from "../message-of";

// Condition strings are parsed while the config is validated, so a bad condition is a config problem at
// its own path and line. The config keeps the strings; the engine gets parsed forms from compileConditions.

/** Which observations a condition list is judged against. */
export type ConditionScope = "probe" | "tests";

const TEST_LIST = TEST_PLACEHOLDERS.map((name) => `[${name}]`).join(" ");

/** The parsed condition, or undefined when `text` does not parse (the element schema reports that). */
function tryCompile(text: string): ParsedCondition | undefined {
  try {
    return compileCondition(text);
  } catch {
    return undefined;
  }
}

/** Why a parsed condition does not fit its scope, or undefined when it fits. */
function explainScope(parsed: ParsedCondition, scope: ConditionScope): string | undefined {
  const names = listPlaceholders(parsed);
  if (scope === "tests") {
    const wrong = names.find((name) => !isTestPlaceholder(name));
    return wrong && `a suite criterion judges test results: use ${TEST_LIST}, not [${wrong}]`;
  }
  const wrong = names.find(isTestPlaceholder);
  return wrong && `[${wrong}] is a test result: only a criterion with auto.suite can use it`;
}

/** One condition string: trimmed, non-empty and syntactically valid. */
const conditionSchema = z
  .string()
  .trim()
  .min(1, "a condition must not be empty")
  .superRefine((text, ctx) => {
    if (text === "") return;
    try {
      compileCondition(text);
    } catch (error) {
      ctx.addIssue({ code: "custom", message: messageOf(error) });
    }
  });

/** A list of conditions, each checked where it stands (issue path `…conditions.<index>`). */
export const conditionListSchema = z.array(conditionSchema);

/** A list of conditions judged against one scope; a placeholder from the other scope is an issue at its index. */
export function scopedConditionList(scope: ConditionScope) {
  return conditionListSchema.superRefine((texts, ctx) => addScopeIssues(texts, scope, ctx, []));
}

/** Adds an issue for every condition in `texts` that reads a placeholder outside `scope`. */
export function addScopeIssues(
  texts: readonly string[],
  scope: ConditionScope,
  ctx: z.RefinementCtx,
  prefix: PropertyKey[],
): void {
  texts.forEach((text, index) => {
    const parsed = tryCompile(text);
    const problem = parsed && explainScope(parsed, scope);
    if (problem) ctx.addIssue({ code: "custom", path: [...prefix, index], message: problem });
  });
}
