import { NextResponse, type NextRequest } from "next/server";
import { createNonce, pagePolicy } from "./lib/security/csp";

// Every page gets a Content-Security-Policy with a fresh nonce. The request carries it too, because Next
// reads the nonce from the request's CSP header while it renders (all pages are dynamic: app/layout.tsx).
// NODE_ENV is Next's own switch (inlined at build), read here by design.
export function proxy(request: NextRequest) {
  const policy = pagePolicy(createNonce(), process.env.NODE_ENV === "development");
  const headers = new Headers(request.headers);
  headers.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", policy);
  return response;
}

// Pages only: API routes get a fixed policy from next.config.ts, and leaving them out keeps Next from
// buffering their request bodies for the proxy (proxyClientMaxBodySize); static files need none.
export const config = {
  matcher: [
    {
      source: "/((?!api/|_next/static|_next/image|favicon.ico).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
