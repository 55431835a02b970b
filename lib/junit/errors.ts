/** Largest JUnit report accepted, in bytes (docs/api.md: `POST /api/test-runs` body ≤ 5 MB). */
export const MAX_JUNIT_BYTES = 5 * 1024 * 1024;

/** Why a report was refused; stable strings that the route and clients may switch on. */
export type JUnitErrorCode =
  | "PAYLOAD_TOO_LARGE"
  | "MALFORMED_XML"
  | "FORBIDDEN_XML"
  | "TOO_DEEP"
  | "NOT_JUNIT";

/** A report the parser refuses; `message` already starts with "line L, column C: " when a position is known. */
export class JUnitError extends Error {
  /** HTTP status for the route: 413 for size, 400 for everything wrong inside the document. */
  readonly status: 400 | 413;

  constructor(
    readonly code: JUnitErrorCode,
    readonly reason: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(line === undefined ? reason : `line ${line}, column ${column ?? 1}: ${reason}`);
    this.name = "JUnitError";
    this.status = code === "PAYLOAD_TOO_LARGE" ? 413 : 400;
  }
}

/** Throws PAYLOAD_TOO_LARGE when a body of `byteLength` bytes exceeds MAX_JUNIT_BYTES (checked before parsing). */
export function checkJUnitSize(byteLength: number): void {
  if (byteLength > MAX_JUNIT_BYTES) {
    throw new JUnitError(
      "PAYLOAD_TOO_LARGE",
      `JUnit report is ${byteLength} bytes; the limit is ${MAX_JUNIT_BYTES} bytes (5 MB)`,
    );
  }
}

/** 1-based line and column of a character offset, counted only when an error is reported. */
export function positionAt(text: string, index: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let at = text.indexOf("\n"); at !== -1 && at < index; at = text.indexOf("\n", at + 1)) {
    line += 1;
    lineStart = at + 1;
  }
  return { line, column: index - lineStart + 1 };
}

/** Builds a JUnitError located at a character offset of the document. */
export function errorAt(text: string, index: number, code: JUnitErrorCode, reason: string): JUnitError {
  const { line, column } = positionAt(text, index);
  return new JUnitError(code, reason, line, column);
}
