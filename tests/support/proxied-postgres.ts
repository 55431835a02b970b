import { openDb, type Db } from "@/lib/db";
import { startFaultProxy, type FaultProxy } from "@/lib/lab";
import type { DbTarget } from "./db-targets";

// A scratch PostgreSQL database reached through a fault proxy, so a test can take storage away
// (`proxy.setMode("refuse")`) and bring it back (`"pass"`) under a running engine.

/** The database URL of `target` with host and port swapped for 127.0.0.1:`port`. */
export function urlThroughPort(databaseUrl: string, port: number): string {
  const url = new URL(databaseUrl);
  [url.hostname, url.port] = ["127.0.0.1", String(port)];
  return url.toString();
}

/** Starts a fault proxy in front of the target's server and opens the target through it (short timeouts). */
export async function openThroughProxy(target: DbTarget): Promise<{ proxy: FaultProxy; db: Db }> {
  const direct = new URL(target.options.databaseUrl!);
  const proxy = await startFaultProxy({ target: { host: direct.hostname, port: Number(direct.port) || 5432 } });
  const db = await openDb({ ...target.options, databaseUrl: urlThroughPort(direct.toString(), proxy.port), connectTimeoutMs: 500, statementTimeoutMs: 1_000 });
  return { proxy, db };
}
