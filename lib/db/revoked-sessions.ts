import "server-only";
import type { DbQuery } from "./adapter";
import { toIso, type TimeInput } from "./sql";

/** Records a signed-out session (until its cookie would have expired) and drops rows already expired. */
export async function insertRevokedSession(db: DbQuery, sid: string, expiresAt: TimeInput): Promise<void> {
  await db.query(
    `INSERT INTO revoked_sessions (sid, expires_at) VALUES ($1::text, $2::timestamptz) ON CONFLICT (sid) DO NOTHING`,
    [sid, toIso(expiresAt)],
  );
  await db.query(`DELETE FROM revoked_sessions WHERE expires_at < now()`);
}

/** True when the session was signed out. */
export async function isSessionRevoked(db: DbQuery, sid: string): Promise<boolean> {
  const rows = await db.query(`SELECT 1 FROM revoked_sessions WHERE sid = $1::text`, [sid]);
  return rows.length > 0;
}
