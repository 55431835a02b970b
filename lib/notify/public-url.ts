import type { Env } from "../env";

/** Where notifications link to: HANDBACK_PUBLIC_URL, else this server on localhost. */
export function publicUrl(env: Pick<Env, "HANDBACK_PUBLIC_URL" | "PORT">): string {
  return env.HANDBACK_PUBLIC_URL ?? `http://localhost:${env.PORT}`;
}
