import type { JUnitErrorCode } from "./errors";
import type { JUnitReport } from "./types";

// The messages between ./off-thread.ts and ./parse-worker.ts (structured clone: plain data only).

/** One report to parse. */
export interface ParseRequest {
  id: number;
  xml: string;
}

/** The parsed report, the parser's refusal (rebuilt as a JUnitError), or a bug's message. */
export type ParseReply =
  | { id: number; ok: true; report: JUnitReport }
  | { id: number; ok: false; refused: { code: JUnitErrorCode; reason: string; line?: number; column?: number } }
  | { id: number; ok: false; crashed: string };
