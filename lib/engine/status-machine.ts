import type { ComponentStatus } from "../types";

// Thresholds turn a stream of verdicts into a status (docs/architecture.md "Statuses"): `down` needs
// failureThreshold consecutive failing results; recovery needs successThreshold passing ones.

/** What one judged result says about its component. */
export type Verdict = "pass" | "degraded" | "fail" | "unknown";

/** A component's status plus the streak counters that the thresholds read. */
export interface ComponentState {
  status: ComponentStatus;
  failures: number;
  successes: number;
}

/** The state of a component that has never been checked. */
export const INITIAL_STATE: ComponentState = { status: "unknown", failures: 0, successes: 0 };

/** Applies one verdict; pure, so every threshold rule is tested as a table. */
export function applyVerdict(
  state: ComponentState,
  verdict: Verdict,
  thresholds: { failureThreshold: number; successThreshold: number },
): ComponentState {
  if (verdict === "unknown") return { status: "unknown", failures: 0, successes: 0 };
  if (verdict === "fail") {
    const failures = state.failures + 1;
    const status = failures >= thresholds.failureThreshold ? "down" : state.status;
    return { status, failures, successes: 0 };
  }
  const successes = state.successes + 1;
  const healthy: ComponentStatus = verdict === "degraded" ? "degraded" : "operational";
  // Leaving `down` (or a first check) waits for successThreshold passing results; otherwise follow at once.
  const recovering = state.status === "down" || state.status === "unknown";
  const status = !recovering || successes >= thresholds.successThreshold ? healthy : state.status;
  return { status, failures: 0, successes };
}
