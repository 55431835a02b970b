import "server-only";
import { AppError } from "../errors";
import { log } from "../log";
import { clientIp } from "./client-ip";
import type { AuthContext } from "./context";

// One failure limiter for every way of presenting a token: cookie sign-in and Bearer on any route.

/** The client's limiter key; throws RATE_LIMITED (429, Retry-After) when it has failed too often. */
export function refuseIfLimited(request: Request, auth: AuthContext): string {
  const ip = clientIp(request, auth.trusted);
  const verdict = auth.limiter.check(ip);
  if (verdict.limited) {
    throw new AppError("RATE_LIMITED", `too many failed authentications; try again in ${verdict.retryAfter} s`, { retryAfter: verdict.retryAfter });
  }
  return ip;
}

/** Counts a wrong token against the client and logs it, naming the client and the route, never the token. */
export function recordFailure(request: Request, auth: AuthContext, ip: string, what: "sign-in" | "Bearer token"): void {
  auth.limiter.fail(ip);
  log.warn(`failed ${what} from ${ip} (${request.method} ${new URL(request.url).pathname})`);
}
