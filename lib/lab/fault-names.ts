// The lab's fault names and their modes as plain data, without the servers they act on, so the config
// schema (which the CLI loads outside the server) can check a scenario's faults. lib/lab/demo-faults.ts
// implements exactly these; tests/unit/scenario.test.ts holds the two lists equal.

/** Every demo fault and its mode words; `healthy` is always one of them. */
export const DEMO_FAULT_MODES: Readonly<Record<string, readonly string[]>> = {
  "vpc-connector": ["healthy", "failing"],
  "cloud-sql": ["healthy", "slow", "hanging", "refusing"],
  redis: ["healthy", "failing", "hanging", "unreachable"],
  "secret-manager": ["healthy", "failing"],
  "tls-staging": ["healthy", "expired", "wrong-host"],
  "tls-api": ["healthy", "expired", "wrong-host"],
  backend: ["healthy", "failing", "slow", "hanging"],
  auth: ["healthy", "failing", "slow", "hanging"],
  frontend: ["healthy", "failing", "slow", "hanging"],
  websocket: ["healthy", "failing", "hanging"],
};
