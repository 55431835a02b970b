// The tokens the e2e server runs with (tests/e2e/serve.mjs reads the same list).
export const E2E_TOKENS = {
  infra: "e2e-infra-secret-000000000001",
  dev: "e2e-dev-secret-0000000000000002",
  leadership: "e2e-leadership-secret-00000003",
  viewer: "e2e-viewer-secret-000000000004",
} as const;

/** The HANDBACK_TOKENS value for the e2e server. */
export const E2E_TOKENS_ENV = Object.entries(E2E_TOKENS)
  .map(([role, secret]) => `e2e-${role}:${role}:${secret}`)
  .join(",");

/** An Authorization header for a role. */
export const bearer = (role: keyof typeof E2E_TOKENS) => ({ authorization: `Bearer ${E2E_TOKENS[role]}` });
