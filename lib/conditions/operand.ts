import { toLiteral } from "./literal";
import { describeNext, failAt, peek, readWhile, skipSpaces, type Scanner } from "./scanner";
import {
  PLACEHOLDERS,
  type LeftOperand,
  type Literal,
  type PathSegment,
  type PlaceholderName,
  type PlaceholderRef,
  type RightOperand,
} from "./types";

// Reads one side of a condition: a placeholder with its path, a function call, or a written value.

type Side = "left" | "right";

const BARE_CHAR = /[^\s()[\],"'=!<>]/;
const KEY_CHAR = /[^\s.[\]()=!<>,"']/;
const HEADER_CHAR = /[\w!#$%&'*+.^`|~-]/;
const FUNCTION_NAME = /[A-Za-z_]\w*(?=\s*\()/y;
const FUNCTION_SIDES: Record<string, { side: Side; example: string }> = {
  len: { side: "left", example: "len([BODY].items) > 0" },
  has: { side: "left", example: "has([BODY].errors) == false" },
  pat: { side: "right", example: "[BODY] == pat(*healthy*)" },
  any: { side: "right", example: "[STATUS] == any(200, 204)" },
};

/** Whether `name` is a known placeholder name. */
function isPlaceholderName(name: string): name is PlaceholderName {
  return (PLACEHOLDERS as readonly string[]).includes(name);
}

/** The error for `[name]` when no such placeholder exists, with a hint for a wrong case. */
function failUnknownPlaceholder(name: string, pos: number): never {
  const hint = isPlaceholderName(name.toUpperCase()) ? ` (did you mean [${name.toUpperCase()}]?)` : "";
  const known = PLACEHOLDERS.map((known) => `[${known}]`).join(" ");
  failAt(`unknown placeholder [${name}]${hint}; known placeholders: ${known}`, pos);
}

/** The JSON path after `[BODY]`: `.key` and `[index]` steps, possibly none. */
function readJsonPath(s: Scanner): PathSegment[] {
  const path: PathSegment[] = [];
  for (;;) {
    const start = s.pos;
    if (peek(s) === ".") {
      s.pos += 1;
      const key = readWhile(s, KEY_CHAR);
      if (key === "") failAt(`expected a key after "." in a JSON path, found ${describeNext(s)}`, s.pos);
      path.push(key);
    } else if (peek(s) === "[") {
      const close = s.text.indexOf("]", start);
      if (close === -1) failAt('unclosed "[" in a JSON path', start);
      const index = s.text.slice(start + 1, close);
      if (!/^\d+$/.test(index)) failAt(`array index must be a whole number, e.g. [BODY].items[0], not [${index}]`, start);
      path.push(Number(index));
      s.pos = close + 1;
    } else {
      return path;
    }
  }
}

/** The path after a placeholder: a JSON path for BODY, a header name for HEADER, nothing for the rest. */
function readPath(s: Scanner, name: PlaceholderName): PathSegment[] {
  if (name === "BODY") return readJsonPath(s);
  const next = peek(s);
  if (name === "HEADER") {
    if (next !== ".") failAt("[HEADER] needs a header name, e.g. [HEADER].content-type", s.pos);
    s.pos += 1;
    const header = readWhile(s, HEADER_CHAR);
    if (header === "") failAt(`expected a header name after [HEADER]., found ${describeNext(s)}`, s.pos);
    return [header];
  }
  if (next === "." || next === "[") {
    failAt(`[${name}] takes no path; only [BODY] (JSON path) and [HEADER] (header name) do`, s.pos);
  }
  return [];
}

/** `[NAME]` and its path. */
function readPlaceholder(s: Scanner): PlaceholderRef {
  const start = s.pos;
  const close = s.text.indexOf("]", start);
  if (close === -1) failAt('unclosed "[": a placeholder looks like [STATUS]', start);
  const name = s.text.slice(start + 1, close);
  if (!isPlaceholderName(name)) failUnknownPlaceholder(name, start);
  s.pos = close + 1;
  const path = readPath(s, name);
  return { kind: "placeholder", name, path, text: s.text.slice(start, s.pos) };
}

/** A quoted string's content (either quote; no escapes: use the other quote to include one). */
function readQuoted(s: Scanner): string {
  const start = s.pos;
  const end = s.text.indexOf(peek(s), start + 1);
  if (end === -1) failAt(`unclosed quote ${peek(s)}`, start);
  s.pos = end + 1;
  return s.text.slice(start + 1, end);
}

/** A written value, bare (`READY`, `200`, `336h`) or quoted (`"a b"`). */
function readValue(s: Scanner): Literal {
  if (peek(s) === '"' || peek(s) === "'") return toLiteral(readQuoted(s));
  const text = readWhile(s, BARE_CHAR);
  if (text === "") failAt(`expected a value, found ${describeNext(s)}`, s.pos);
  return toLiteral(text);
}

/** `any(a, b, c)`'s values, after its opening parenthesis. */
function readAnyOptions(s: Scanner, start: number): Literal[] {
  const options: Literal[] = [];
  skipSpaces(s);
  if (peek(s) === ")") failAt("any() needs at least one value, e.g. any(200, 204)", start);
  for (;;) {
    skipSpaces(s);
    options.push(readValue(s));
    skipSpaces(s);
    const next = peek(s);
    s.pos += 1;
    if (next === ")") return options;
    if (next === "") failAt('unclosed "(" of any(', start);
    if (next !== ",") failAt(`expected "," or ")" in any(), found ${JSON.stringify(next)}`, s.pos - 1);
  }
}

/** `pat(glob)`'s pattern, after its opening parenthesis; quote it to include ")". */
function readPattern(s: Scanner, start: number): string {
  skipSpaces(s);
  if (peek(s) === '"' || peek(s) === "'") {
    const glob = readQuoted(s);
    skipSpaces(s);
    if (peek(s) !== ")") failAt('unclosed "(" of pat(', start);
    s.pos += 1;
    return glob;
  }
  const close = s.text.indexOf(")", s.pos);
  if (close === -1) failAt('unclosed "(" of pat(', start);
  const glob = s.text.slice(s.pos, close).trim();
  if (glob === "") failAt("pat() needs a pattern, e.g. pat(*healthy*)", start);
  s.pos = close + 1;
  return glob;
}

/** `len(X)` or `has(X)`'s placeholder, after the opening parenthesis. */
function readFunctionTarget(s: Scanner, name: string): PlaceholderRef {
  skipSpaces(s);
  if (peek(s) !== "[") failAt(`${name}() takes a placeholder such as [BODY] or [BODY].items`, s.pos);
  const target = readPlaceholder(s);
  skipSpaces(s);
  if (peek(s) !== ")") failAt(`expected ")" to close ${name}(, found ${describeNext(s)}`, s.pos);
  s.pos += 1;
  return target;
}

/** A function call at the cursor: checks the name and its side, then reads its argument. */
function readCall(s: Scanner, name: string, side: Side): LeftOperand | RightOperand {
  const start = s.pos;
  const rule = FUNCTION_SIDES[name];
  if (!rule) failAt(`unknown function ${name}(); known functions: len() has() pat() any()`, start);
  if (rule.side !== side) failAt(`${name}() belongs on the ${rule.side} side, e.g. ${rule.example}`, start);
  s.pos = s.text.indexOf("(", start) + 1;
  const text = () => s.text.slice(start, s.pos);
  if (name === "pat") return { kind: "pattern", glob: readPattern(s, start), text: text() };
  if (name === "any") return { kind: "any", options: readAnyOptions(s, start), text: text() };
  return { kind: name as "len" | "has", target: readFunctionTarget(s, name), text: text() };
}

/** The name of the function called at the cursor, or undefined when there is no call. */
function peekFunctionName(s: Scanner): string | undefined {
  FUNCTION_NAME.lastIndex = s.pos;
  return FUNCTION_NAME.exec(s.text)?.[0];
}

/** The left side: a placeholder, or len()/has() of one. */
export function readLeft(s: Scanner): LeftOperand {
  if (peek(s) === "[") return readPlaceholder(s);
  const name = peekFunctionName(s);
  if (name !== undefined) return readCall(s, name, "left") as LeftOperand;
  failAt(`the left side must be a placeholder such as [STATUS], or len()/has() of one; found ${describeNext(s)}`, s.pos);
}

/** The right side: a placeholder, pat(), any(), or a written value. */
export function readRight(s: Scanner): RightOperand {
  if (peek(s) === "[") return readPlaceholder(s);
  const name = peekFunctionName(s);
  if (name !== undefined) return readCall(s, name, "right") as RightOperand;
  const start = s.pos;
  const literal = readValue(s);
  return { kind: "literal", literal, text: s.text.slice(start, s.pos) };
}
