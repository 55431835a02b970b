// A cursor over one condition's text, and the error every syntax problem becomes.

/** A condition that cannot be parsed; the message says what is wrong and where (1-based column). */
export class ConditionSyntaxError extends Error {
  /** 1-based column of the problem, when it has one. */
  readonly column: number | undefined;

  constructor(message: string, column?: number) {
    super(message);
    this.name = "ConditionSyntaxError";
    this.column = column;
  }
}

/** The text being read and the index of the next character. */
export interface Scanner {
  readonly text: string;
  pos: number;
}

/** Throws a syntax error for `message` located at index `pos`. */
export function failAt(message: string, pos: number): never {
  throw new ConditionSyntaxError(`${message} at column ${pos + 1}`, pos + 1);
}

/** Whether the whole text has been read. */
export function atEnd(s: Scanner): boolean {
  return s.pos >= s.text.length;
}

/** The next `length` characters without consuming them. */
export function peek(s: Scanner, length = 1): string {
  return s.text.slice(s.pos, s.pos + length);
}

/** Moves past any whitespace. */
export function skipSpaces(s: Scanner): void {
  while (!atEnd(s) && /\s/.test(peek(s))) s.pos += 1;
}

/** Consumes and returns the longest run of characters that each match `allowed`. */
export function readWhile(s: Scanner, allowed: RegExp): string {
  const start = s.pos;
  while (!atEnd(s) && allowed.test(peek(s))) s.pos += 1;
  return s.text.slice(start, s.pos);
}

/** The next word for an error message, quoted (`"200"`), or "the end" when nothing is left. */
export function describeNext(s: Scanner): string {
  const word = /\S+/y;
  word.lastIndex = s.pos;
  const match = word.exec(s.text)?.[0];
  if (match === undefined) return "the end";
  return JSON.stringify(match.length > 24 ? `${match.slice(0, 24)}…` : match);
}
