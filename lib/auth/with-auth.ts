import "server-only";
import { errorResponse } from "../errors";
import { authorize, type Rule, type TokenRule } from "./guard";
import { rejectRevokedSession } from "./revocation";
import type { Principal } from "./tokens";

// One line per route: `export const POST = withAuth("anyTeam", async (request, actor) => …)`. Errors the
// handler throws go through errorResponse too, so the handler needs no try/catch of its own.

type Handler<P, A extends unknown[]> = (request: Request, principal: P, ...args: A) => Response | Promise<Response>;
type RuleFor<R, A extends unknown[]> = R | ((request: Request, ...args: A) => R | Promise<R>);

/** Wraps a route handler: checks the rule (fixed, or computed from the request and route context) first. */
export function withAuth<A extends unknown[]>(rule: RuleFor<"reader", A>, handler: Handler<Principal | null, A>): (request: Request, ...args: A) => Promise<Response>;
export function withAuth<A extends unknown[]>(rule: RuleFor<TokenRule, A>, handler: Handler<Principal, A>): (request: Request, ...args: A) => Promise<Response>;
export function withAuth<A extends unknown[]>(rule: RuleFor<Rule, A>, handler: Handler<Principal, A>) {
  return async (request: Request, ...args: A): Promise<Response> => {
    try {
      await rejectRevokedSession(request); // a signed-out cookie is refused on every instance
      if (typeof rule === "function") authorize(request, "reader"); // 401 before a computed rule can 404 on an id
      const resolved = typeof rule === "function" ? await rule(request, ...args) : rule;
      // Only the "reader" overload can see null, and its handler accepts it.
      return await handler(request, authorize(request, resolved) as Principal, ...args);
    } catch (error) {
      return errorResponse(error);
    }
  };
}
