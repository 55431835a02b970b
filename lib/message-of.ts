// One way to turn anything thrown into text for a log line or an error message (no runtime imports, so
// config, CLI, server and worker code can all share it).

/** The message of an Error, or the thrown value as text. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
