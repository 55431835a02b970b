import "server-only";
import { getDb, getRuntime } from "../runtime";

const READY_TIMEOUT_MS = 3_000;

/** Readiness of storage, with a reason safe to show (the adapter's messages hold no connection string). */
export async function checkStorage(): Promise<{ ready: true; backend: string } | { ready: false; reason: string }> {
  if (getRuntime().stopping) return { ready: false, reason: "shutting down: stopping probes and closing storage" };
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
