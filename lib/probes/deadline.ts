import "server-only";
import { performance } from "node:perf_hooks";
import type { Observations, ProbeContext, ProbeErrorCode, ProbePhases, ProbeResult } from "./types";

// The hard deadline every probe shares (docs/architecture.md "Failure budget": a result by timeout + 250 ms,
// whatever the target does). Client libraries' own timeouts are only backstops: several of them merely
// emit an event, stop counting once TCP connects, or fail with an error that carries no code.

/** The longest delay setTimeout honours (2^31-1 ms, about 24 days); longer ones fire at once. */
export const MAX_TIMER_MS = 2_147_483_647;

/** Why a run ended; cleanups use it to close gracefully (done) or destroy at once (timeout, aborted). */
export type EndReason = "done" | "timeout" | "aborted";

/** What a probe decides; withDeadline adds timing, checkedAt and the observations gathered so far. */
export interface Outcome {
  ok: boolean;
  error?: { code: ProbeErrorCode; message: string };
}

/** One run's working state, handed to the probe body. */
export interface ProbeScope {
  readonly timeoutMs: number;
  /** Aborted at the deadline or when the caller aborts; pass it to anything that accepts a signal. */
  readonly signal: AbortSignal;
  /** Filled as the probe goes, so a TIMEOUT result still says e.g. CONNECTED: true. */
  readonly observations: Observations;
  readonly phases: Omit<ProbePhases, "total">;
  /** Milliseconds since the run started. */
  elapsed(): number;
  /** Registers a cleanup that runs exactly once when the result is decided (before it is built). */
  onCleanup(cleanup: (reason: EndReason) => void): void;
}

/** Optional hook turning the default TIMEOUT outcome into a probe-specific one (e.g. websocket open). */
export type DeadlineHook = (scope: ProbeScope, outcome: Outcome) => Outcome;

/** Rounds a duration to 0.1 ms so results stay readable. */
export function roundMs(ms: number): number {
  return Math.round(ms * 10) / 10;
}

/** The outcome at the deadline or on abort. */
function endOutcome(reason: Exclude<EndReason, "done">, timeoutMs: number): Outcome {
  return reason === "timeout"
    ? { ok: false, error: { code: "TIMEOUT", message: `no result within the ${timeoutMs} ms deadline` } }
    : { ok: false, error: { code: "ABORTED", message: "the probe run was aborted before it finished" } };
}

/** A bug inside a probe body becomes a result rather than escaping (habit 1: only bugs throw, and not far). */
function bugOutcome(error: unknown): Outcome {
  const name = error instanceof Error ? error.name : "Error";
  return { ok: false, error: { code: "NETWORK_ERROR", message: `probe failed unexpectedly (${name})` } };
}

/** Assembles the public result from an outcome and the scope's measurements. */
function toResult(scope: ProbeScope, checkedAt: string, outcome: Outcome): ProbeResult {
  const latencyMs = roundMs(scope.elapsed());
  const hasPhases = Object.keys(scope.phases).length > 0;
  return {
    ok: outcome.ok,
    latencyMs,
    checkedAt,
    ...(outcome.error ? { error: outcome.error } : {}),
    observations: { ...scope.observations },
    ...(hasPhases ? { phases: { ...scope.phases, total: latencyMs } } : {}),
  };
}

/** Runs one cleanup, ignoring its failure (e.g. killing a process that already exited). */
function runCleanup(cleanup: (reason: EndReason) => void, reason: EndReason): void {
  try {
    cleanup(reason);
  } catch {
    // A cleanup that throws must not block the others or the result.
  }
}

/** A scope plus the bookkeeping withDeadline needs to end it exactly once. */
function createScope(context: ProbeContext) {
  const started = performance.now();
  const controller = new AbortController();
  const cleanups: Array<(reason: EndReason) => void> = [];
  let ended: EndReason | undefined;
  const scope: ProbeScope = {
    timeoutMs: context.timeoutMs,
    signal: controller.signal,
    observations: {},
    phases: {},
    elapsed: () => performance.now() - started,
    // Registered after the end (a body still running past its deadline): clean up at once.
    onCleanup: (cleanup) => (ended === undefined ? void cleanups.push(cleanup) : runCleanup(cleanup, ended)),
  };
  const end = (reason: EndReason) => {
    ended = reason;
    if (reason !== "done") controller.abort();
    for (const cleanup of cleanups.splice(0)) runCleanup(cleanup, reason);
  };
  return { scope, end };
}

/**
 * Runs `body` under a hard deadline of context.timeoutMs: whichever comes first of the body's outcome, the
 * deadline (TIMEOUT) or context.signal (ABORTED) decides the result, then every registered cleanup runs so
 * sockets, clients and child processes are destroyed. A late rejection of the body is swallowed.
 */
export function withDeadline(
  context: ProbeContext,
  body: (scope: ProbeScope) => Promise<Outcome>,
  onDeadline?: DeadlineHook,
): Promise<ProbeResult> {
  const checkedAt = new Date().toISOString();
  const { scope, end } = createScope(context);
  return new Promise<ProbeResult>((resolve) => {
    let settled = false;
    const settle = (reason: EndReason, outcome: Outcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      context.signal?.removeEventListener("abort", onAbort);
      // Cleanups run before the result is built, so they may add last observations (e.g. partial OUTPUT).
      end(reason);
      const final = reason === "timeout" && onDeadline ? onDeadline(scope, outcome) : outcome;
      resolve(toResult(scope, checkedAt, final));
    };
    const onAbort = () => settle("aborted", endOutcome("aborted", context.timeoutMs));
    // setTimeout fires at once for delays past 2^31-1 ms; clamp (about 24 days) rather than time out instantly.
    const delay = Math.min(Math.max(context.timeoutMs, 0), MAX_TIMER_MS);
    const timer = setTimeout(() => settle("timeout", endOutcome("timeout", context.timeoutMs)), delay);
    if (context.signal?.aborted) return onAbort();
    context.signal?.addEventListener("abort", onAbort, { once: true });
    Promise.resolve()
      .then(() => body(scope))
      .then((outcome) => settle("done", outcome), (error: unknown) => settle("done", bugOutcome(error)));
  });
}
