import "server-only";

// Cookie-authenticated writes must come from our own pages. SameSite=Strict already keeps the cookie off
// cross-site requests; this check also refuses same-site neighbours (another port or subdomain).

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** True for methods that change state (everything but GET, HEAD and OPTIONS). */
export function isWriteMethod(method: string): boolean {
  return !SAFE_METHODS.has(method.toUpperCase());
}

/** The host names this request may have been addressed to: the proxy's, the Host header's, the URL's. */
function ownHosts(request: Request): string[] {
  const forwarded = request.headers.get("x-forwarded-host")?.split(",")[0]?.trim();
  const host = request.headers.get("host")?.trim();
  return [forwarded, host, new URL(request.url).host].filter((value): value is string => Boolean(value)).map((value) => value.toLowerCase());
}

function originHost(origin: string): string | null {
  try {
    return new URL(origin).host.toLowerCase() || null;
  } catch {
    return null; // "null" (sandboxed frames, some redirects) or garbage: not ours
  }
}

/** True when the request comes from a page of this server: by Origin, or by Sec-Fetch-Site without one. */
export function isSameOrigin(request: Request): boolean {
  const origin = request.headers.get("origin");
  if (origin !== null) {
    const host = originHost(origin);
    return host !== null && ownHosts(request).includes(host);
  }
  return request.headers.get("sec-fetch-site") === "same-origin";
}
