import type { ComponentStatus, ConfirmingView } from "../types";

// Thresholds turn a stream of verdicts into a status (docs/architecture.md "Statuses"): `down` needs
// failureThreshold consecutive failing results; recovery needs successThreshold passing ones. Between the
// first result of a streak and its threshold the status has not moved, so confirmingOf() says how far the
// streak is ("1 of 3"): the page shows it and the scheduler re-probes after retryInterval meanwhile.
// The counters stop at their threshold: past it they change nothing a rule reads, and a steady component
// then keeps the same state check after check, so its stored row needs no rewrite (docs/storage.md).

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
    const failures = Math.min(state.failures + 1, thresholds.failureThreshold);
    const status = failures >= thresholds.failureThreshold ? "down" : state.status;
    return { status, failures, successes: 0 };
  }
  const successes = Math.min(state.successes + 1, thresholds.successThreshold);
  const healthy: ComponentStatus = verdict === "degraded" ? "degraded" : "operational";
  // Leaving `down` (or a first check) waits for successThreshold passing results; otherwise follow at once.
  const recovering = state.status === "down" || state.status === "unknown";
  const status = !recovering || successes >= thresholds.successThreshold ? healthy : state.status;
  return { status, failures: 0, successes };
}

/** Whether two states are the same (a check that leaves the stored state as it was writes none). */
export function sameState(a: ComponentState, b: ComponentState): boolean {
  return a.status === b.status && a.failures === b.failures && a.successes === b.successes;
}

/**
 * The streak under way that has not reached its threshold yet: failing results below failureThreshold (a
 * component not yet down), or passing ones below successThreshold while down or never confirmed. Null
 * otherwise. The stored status never changes with it: `status` keeps its meaning.
 */
export function confirmingOf(
  state: ComponentState,
  thresholds: { failureThreshold: number; successThreshold: number },
): ConfirmingView | null {
  if (state.failures > 0 && state.status !== "down" && state.failures < thresholds.failureThreshold) {
    return { verdict: "fail", count: state.failures, of: thresholds.failureThreshold };
  }
  const waiting = state.status === "down" || state.status === "unknown";
  if (state.successes > 0 && waiting && state.successes < thresholds.successThreshold) {
    return { verdict: "pass", count: state.successes, of: thresholds.successThreshold };
  }
  return null;
}

/**
 * Whether the scheduler re-probes after retryInterval instead of waiting a whole interval: while a streak is
 * confirming, and after an `unknown` verdict (the probe could not tell) until `failureThreshold` of them in
 * a row, as Nagios retries any non-OK state up to max_check_attempts. A component that stays unknown then
 * goes back to its interval, so a permanent UNKNOWN costs a few retries, not one run per retryInterval.
 */
export function retryingOf(
  state: ComponentState,
  unknownStreak: number,
  thresholds: { failureThreshold: number; successThreshold: number },
): boolean {
  if (confirmingOf(state, thresholds) !== null) return true;
  return state.status === "unknown" && unknownStreak > 0 && unknownStreak < thresholds.failureThreshold;
}
