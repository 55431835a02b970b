import "server-only";
import { getDb, getRuntime } from "../runtime";

const READY_TIMEOUT_MS = 3_000;

/**
 * Readiness: the probe engine runs (start-up is retried until it does) and storage answers. The reason is
 * safe to show (the adapter's messages hold no connection string).
 */
export async function checkStorage(): Promise<{ ready: true; backend: string } | { ready: false; reason: string }> {
  const runtime = getRuntime();
  if (runtime.stopping) return { ready: false, reason: "shutting down: stopping probes and closing storage" };
  // Fixed text (anyone may ask): why start-up is not done yet is in the server log, retried until it is.
  if (!runtime.engine) return { ready: false, reason: "starting: probes are not running yet (the server log has the cause)" };
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`storage did not answer within ${READY_TIMEOUT_MS} ms`)), READY_TIMEOUT_MS);
  });
  try {
    const db = await Promise.race([getDb(), deadline]);
    await Promise.race([db.ping(), deadline]);
    return { ready: true, backend: db.kind };
  } catch (error) {
    return { ready: false, reason: error instanceof Error ? error.message : "storage is unavailable" };
  } finally {
    clearTimeout(timer);
  }
}
