// The condition language's public surface: parse at config load, judge observations, format evidence.
export { parseCondition, isOrdering } from "./parse";
export { ConditionSyntaxError } from "./scanner";
export { evaluateAll, evaluateCondition } from "./evaluate";
export { formatOutcome } from "./format";
export { compileCondition, compileConditions, isTestPlaceholder, listHeaderNames, listPlaceholders } from "./compile";
export {
  OPERATORS,
  PLACEHOLDERS,
  PROBE_PLACEHOLDERS,
  TEST_PLACEHOLDERS,
  type ConditionOutcome,
  type FunctionOperand,
  type LeftOperand,
  type Literal,
  type Operator,
  type ParsedCondition,
  type PathSegment,
  type PlaceholderName,
  type PlaceholderRef,
  type RightOperand,
} from "./types";
