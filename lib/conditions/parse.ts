import { numericLiteral } from "./literal";
import { readLeft, readRight } from "./operand";
import { ConditionSyntaxError, atEnd, describeNext, failAt, peek, skipSpaces, type Scanner } from "./scanner";
import { OPERATORS, type LeftOperand, type Literal, type Operator, type ParsedCondition, type RightOperand } from "./types";

// Parses a Gatus-style condition, `LEFT OP RIGHT` (https://github.com/TwiN/gatus#conditions). Pure: text in,
// a tree or a ConditionSyntaxError out.

const OPERATOR_LIST = "(== != < <= > >=)";
const BOOLEAN_PLACEHOLDERS = new Set(["CONNECTED", "CERTIFICATE_VALID"]);
const NUMBER_PLACEHOLDERS = new Set([
  ...["STATUS", "RESPONSE_TIME", "CERTIFICATE_EXPIRATION", "ROWS", "EXIT_CODE", "STEPS", "STEPS_PASSED", "WS_MESSAGES"],
  ...["PASS_RATE", "TESTS", "PASSED", "FAILED", "SKIPPED", "MISSING", "CRITICAL_FAILED"],
]);

/** Whether `operator` orders values rather than testing equality. */
export function isOrdering(operator: Operator): boolean {
  return operator !== "==" && operator !== "!=";
}

/** Rejects a `)` or `]` that nothing opened. */
function rejectStrayCloser(s: Scanner): void {
  const next = peek(s);
  if (next === ")" || next === "]") failAt(`unbalanced "${next}": nothing opened it`, s.pos);
}

/** The operator at the cursor; `after` names the left side for the message. */
function readOperator(s: Scanner, after: string): Operator {
  rejectStrayCloser(s);
  const operator = OPERATORS.find((candidate) => s.text.startsWith(candidate, s.pos));
  if (operator !== undefined) {
    s.pos += operator.length;
    return operator;
  }
  if (peek(s) === "=") failAt(`use == to compare, not = (after ${after})`, s.pos);
  if (atEnd(s)) throw new ConditionSyntaxError(`expected an operator ${OPERATOR_LIST} after ${after}, but the condition ends there`);
  failAt(`expected an operator ${OPERATOR_LIST} after ${after}, found ${describeNext(s)}`, s.pos);
}

/** The literals the right side compares with, or none when it is a placeholder or a pattern. */
function literalsOf(right: RightOperand): Literal[] {
  if (right.kind === "literal") return [right.literal];
  return right.kind === "any" ? right.options : [];
}

/** Why this combination can never hold (`[CONNECTED] == yes`, `len(X) == abc`, `[BODY] < abc`), if it cannot. */
function explainMismatch(left: LeftOperand, operator: Operator, right: RightOperand): string | undefined {
  const literals = literalsOf(right);
  if ((right.kind === "pattern" || right.kind === "any") && isOrdering(operator)) {
    return `${right.kind === "any" ? "any()" : "pat()"} works with == and != only, not ${operator}`;
  }
  const isBoolean = left.kind === "has" || (left.kind === "placeholder" && BOOLEAN_PLACEHOLDERS.has(left.name));
  if (isBoolean) {
    if (isOrdering(operator)) return `${left.text} is true or false: compare it with == or !=, not ${operator}`;
    const bad = literals.find((literal) => literal.text !== "true" && literal.text !== "false");
    return bad ? `${left.text} is true or false, so it never equals "${bad.text}"` : undefined;
  }
  const isNumber = left.kind === "len" || (left.kind === "placeholder" && NUMBER_PLACEHOLDERS.has(left.name));
  const notNumeric = literals.find((literal) => numericLiteral(literal) === undefined);
  if (isNumber && notNumeric) return `${left.text} is a number, but "${notNumeric.text}" is not a number or a duration`;
  if (isOrdering(operator) && notNumeric) {
    return `${operator} compares numbers and durations; "${notNumeric.text}" is neither`;
  }
  return undefined;
}

/** Parses one condition such as `[STATUS] == 200`; throws a ConditionSyntaxError saying what is wrong and where. */
export function parseCondition(input: string): ParsedCondition {
  const text = input.trim();
  if (text === "") throw new ConditionSyntaxError("the condition is empty");
  const s: Scanner = { text, pos: 0 };
  if (OPERATORS.some((operator) => text.startsWith(operator))) {
    failAt("the left side is empty: expected a placeholder such as [STATUS] before the operator", 0);
  }
  rejectStrayCloser(s);
  const left = readLeft(s);
  skipSpaces(s);
  const operator = readOperator(s, left.text);
  skipSpaces(s);
  if (atEnd(s)) throw new ConditionSyntaxError(`the right side is empty: expected a value after ${left.text} ${operator}`);
  const rightStart = s.pos;
  rejectStrayCloser(s);
  const right = readRight(s);
  skipSpaces(s);
  rejectStrayCloser(s);
  if (!atEnd(s)) {
    const found = describeNext(s);
    const hint = OPERATORS.some((op) => s.text.startsWith(op, s.pos)) ? "a condition has one operator" : 'quote a value that has spaces or operators, e.g. "a b"';
    failAt(`unexpected ${found} after ${right.text} (${hint})`, s.pos);
  }
  const mismatch = explainMismatch(left, operator, right);
  if (mismatch !== undefined) failAt(mismatch, rightStart);
  return { text, left, operator, right };
}
