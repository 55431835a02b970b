import "server-only";
import { outcomeOfStatus, type SendOutcome } from "../outcome";

// One HTTP POST bounded by one deadline from connect to the last byte of the answer: a receiver that hangs,
// or drips its answer a byte at a time, ends as TIMEOUT rather than holding a delivery slot.

/** The error code of a failed fetch: its cause's code (ECONNREFUSED, ECONNRESET, UND_ERR_SOCKET…), TIMEOUT on the deadline. */
function codeOf(error: unknown, timedOut: boolean): string {
  if (timedOut) return "TIMEOUT";
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause;
  return typeof cause?.code === "string" ? cause.code : "NETWORK";
}

/** Posts body to url; never throws, never puts the URL (a secret) in the outcome. */
export async function postJson(url: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<SendOutcome> {
  const abort = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    abort.abort();
  }, timeoutMs);
  try {
    const response = await fetch(url, { method: "POST", body, headers, signal: abort.signal, redirect: "manual" });
    await response.arrayBuffer(); // the whole answer, under the same deadline
    return outcomeOfStatus(response.status);
  } catch (error) {
    const code = codeOf(error, timedOut);
    return { ok: false, code, detail: code === "TIMEOUT" ? `no complete answer within ${timeoutMs} ms` : "the connection failed", permanent: false };
  } finally {
    clearTimeout(timer);
  }
}
