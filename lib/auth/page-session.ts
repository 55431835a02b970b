import "server-only";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { getAuth } from "./context";
import { isRevoked } from "./revocation";
import { readSession, SESSION_COOKIE } from "./session";
import type { Principal } from "./tokens";

/** For server components: the session cookie's principal (or null), whether any token is configured, and the demo tokens file (demo only). */
export async function readPageSession(): Promise<{ principal: Principal | null; tokensConfigured: boolean; demoTokensFile: string | null }> {
  const auth = getAuth();
  const value = (await cookies()).get(SESSION_COOKIE)?.value;
  const session = value ? readSession(value, auth.sessionKey, auth.tokens) : null;
  const principal = session && !(await isRevoked(session)) ? session.principal : null;
  return { principal, tokensConfigured: auth.tokens.length > 0, demoTokensFile: auth.demoTokensFile };
}

/** True when this visitor may read the incident: signed in, or anonymous reads allowed (no tokens, or publicRead). */
export async function mayReadPages(): Promise<boolean> {
  const { principal, tokensConfigured } = await readPageSession();
  return Boolean(principal) || !tokensConfigured || getAuth().publicRead;
}

/** For pages: sends an anonymous visitor to sign in unless anonymous reads are allowed; returns the principal. */
export async function requirePageReader(path: string): Promise<Principal | null> {
  const { principal, tokensConfigured } = await readPageSession();
  if (principal || !tokensConfigured || getAuth().publicRead) return principal;
  redirect(`/sign-in?next=${encodeURIComponent(path)}`);
}
