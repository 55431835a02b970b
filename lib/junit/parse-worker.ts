// Runs in a worker thread (started by ./off-thread.ts through tsx): parses one report per message, so a
// 5 MB document (about a second of CPU) never blocks the server's event loop.
import { parentPort } from "node:worker_threads";
import { JUnitError, parseJUnit } from "./parse";
import type { ParseReply, ParseRequest } from "./off-thread-messages";
import { messageOf } from "../message-of";

parentPort?.on("message", ({ id, xml }: ParseRequest) => {
  let reply: ParseReply;
  try {
    reply = { id, ok: true, report: parseJUnit(xml) };
  } catch (error) {
    reply =
      error instanceof JUnitError
        ? { id, ok: false, refused: { code: error.code, reason: error.reason, line: error.line, column: error.column } }
        : { id, ok: false, crashed: messageOf(error) };
  }
  parentPort?.postMessage(reply);
});
