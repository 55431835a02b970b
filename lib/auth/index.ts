import "server-only";

// The public face of lib/auth for routes and pages.
export { getAuth, type AuthContext } from "./context";
export { authenticate, authorize, type Rule, type TokenRule } from "./guard";
export { withAuth } from "./with-auth";
export { TokenConfigError, parseTokens, type Principal } from "./tokens";
