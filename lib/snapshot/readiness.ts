import "server-only";
import { log } from "../log";
import { getDb, getRuntime } from "../runtime";
import { messageOf } from "../message-of";

const READY_TIMEOUT_MS = 3_000;

// /api/ready answers anyone, so its reason is one of these fixed sentences: a raw storage error can name
// the data directory, a host or a database. The raw error goes to the server log instead.
const REASONS = {
  stopping: "shutting down: stopping probes and closing storage",
  starting: "starting: probes are not running yet (the server log has the cause)",
  timeout: `storage did not answer within ${READY_TIMEOUT_MS} ms`,
  failed: "storage is unavailable (the server log has the cause)",
} as const;

class ReadyTimeout extends Error {}

let lastLogged: string | null = null;

/** Logs a storage failure once per distinct message, so a load balancer's polling does not flood the log. */
function logCause(error: unknown): void {
  const message = messageOf(error);
  if (message === lastLogged) return;
  lastLogged = message;
  log.warn(`readiness: storage unavailable: ${message}`);
}

/** Readiness of storage, with a fixed reason safe to show anyone. */
export async function checkStorage(): Promise<{ ready: true; backend: string } | { ready: false; reason: string }> {
  const runtime = getRuntime();
  if (runtime.stopping) return { ready: false, reason: REASONS.stopping };
  // Start-up is retried until the probe engine runs; why it has not yet is in the server log.
  if (!runtime.engine) return { ready: false, reason: REASONS.starting };
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ReadyTimeout()), READY_TIMEOUT_MS);
  });
  try {
    const db = await Promise.race([getDb(), deadline]);
    await Promise.race([db.ping(), deadline]);
    lastLogged = null;
    return { ready: true, backend: db.kind };
  } catch (error) {
    if (error instanceof ReadyTimeout) return { ready: false, reason: REASONS.timeout };
    logCause(error);
    return { ready: false, reason: REASONS.failed };
  } finally {
    clearTimeout(timer);
  }
}
