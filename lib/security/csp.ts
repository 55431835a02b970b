// The Content-Security-Policy of every page. Pure and free of secrets (proxy.ts imports it), so no
// "server-only" marker. Next reads the nonce back out of the request's CSP header and puts it on its own
// inline and chunk scripts (node_modules/next/dist/docs/01-app/02-guides/content-security-policy.md).

/** A fresh, unguessable nonce for one response (128 random bits, base64). */
export function createNonce(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
}

/**
 * The page policy: scripts only with this response's nonce (and what they load: 'strict-dynamic'); styles
 * from the app, plus inline style attributes, which charts and React's `style={}` need and a nonce cannot
 * cover (a nonce in style-src would also switch 'unsafe-inline' off); no framing, no plugins, no <base>.
 * `dev` adds 'unsafe-eval', which React needs in `next dev` only.
 */
export function pagePolicy(nonce: string, dev = false): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** The policy of API responses: JSON, text and event streams never load anything nor render in a frame. */
export const API_POLICY = "default-src 'none'; frame-ancestors 'none'";

/** Headers every response carries (next.config.ts headers()). */
export const SECURITY_HEADERS: ReadonlyArray<{ key: string; value: string }> = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "same-origin" },
  { key: "X-Frame-Options", value: "DENY" },
];
