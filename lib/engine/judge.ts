import "server-only";
import type { ComponentConfig } from "../config";
import { compileConditions, evaluateAll, formatOutcome, type ConditionOutcome } from "../conditions";
import type { ProbeResult } from "../probes/types";
import type { Verdict } from "./status-machine";

/** A probe result judged against its component's conditions: the verdict and the evidence behind it. */
export interface Judgement {
  verdict: Verdict;
  outcomes: ConditionOutcome[];
  /** The error shown for the result: the probe's own, else the conditions that failed. */
  error: { code: string; message: string } | null;
}

// Nagios plugin convention for command probes: 0 OK (conditions decide), 1 WARNING, 2 CRITICAL, 3 UNKNOWN.
const NAGIOS: Record<number, Verdict> = { 1: "degraded", 2: "fail", 3: "unknown" };

function judgeCommand(result: ProbeResult): Verdict | null {
  const exitCode = result.observations.EXIT_CODE;
  if (typeof exitCode !== "number") return result.error?.code === "SPAWN_FAILED" ? "unknown" : null;
  if (exitCode === 0) return null;
  return NAGIOS[exitCode] ?? "fail";
}

function failedConditions(outcomes: ConditionOutcome[]) {
  const failed = outcomes.filter((outcome) => !outcome.success);
  return failed.length ? { code: "CONDITION_FAILED", message: failed.map(formatOutcome).join("; ") } : null;
}

/** Decides pass / degraded / fail / unknown for one result; conditions are parsed once and cached. */
export function judgeResult(component: ComponentConfig, result: ProbeResult): Judgement {
  const probeError = result.error ? { code: result.error.code, message: result.error.message } : null;
  if (component.probe.type === "command") {
    const nagios = judgeCommand(result);
    if (nagios) return { verdict: nagios, outcomes: [], error: probeError };
  }
  // The prober could not look (no Chromium): nothing is known about the target, so neither up nor down.
  if (result.error?.code === "BROWSER_UNAVAILABLE") return { verdict: "unknown", outcomes: [], error: probeError };
  const { success, outcomes } = evaluateAll(compileConditions(component.conditions), result.observations);
  const transportFailed = !result.ok && result.error?.code !== "EXIT_CODE";
  if (transportFailed || !success) {
    return { verdict: "fail", outcomes, error: probeError ?? failedConditions(outcomes) };
  }
  if (component.degradedWhen.length > 0) {
    const degraded = evaluateAll(compileConditions(component.degradedWhen), result.observations).outcomes;
    const matched = degraded.filter((outcome) => outcome.success);
    if (matched.length > 0) {
      const message = `degraded: ${matched.map(formatOutcome).join("; ")}`;
      return { verdict: "degraded", outcomes: [...outcomes, ...degraded], error: { code: "DEGRADED", message } };
    }
  }
  return { verdict: "pass", outcomes, error: null };
}
