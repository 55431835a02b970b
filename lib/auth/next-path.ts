// Where to go after signing in: only a path on this site, never another origin (no open redirect).
// Pure and free of secrets, so it carries no "server-only" marker.

const BASE = "http://handback.invalid";

/** The `next` value as a same-site path ("/…"), or "/" when it is missing, absolute, or protocol-relative. */
export function safeNextPath(next: unknown): string {
  if (typeof next !== "string" || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return "/";
  if (/[\u0000-\u001f\u007f]/.test(next)) return "/";
  try {
    const url = new URL(next, BASE);
    if (url.origin !== BASE) return "/";
    if (url.pathname === "/sign-in") return "/";
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return "/";
  }
}
