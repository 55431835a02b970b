import "server-only";
import type { ScenarioConfig, ScenarioStep } from "../config/scenario-schema";

// Plays the config's `lab.scenario` (lib/config/scenario-schema.ts) in a loop: the faults, figures and
// human updates live in the YAML; this module only knows when each step falls due.

export type { ScenarioConfig, ScenarioStep };

/** The fault modes in force `ms` into the cycle: every step up to then, applied in order. */
export function modesAt(ms: number, scenario: ScenarioConfig): Record<string, string> {
  const within = ((ms % scenario.cycleMs) + scenario.cycleMs) % scenario.cycleMs;
  const modes: Record<string, string> = {};
  for (const step of scenario.steps) if (step.atMs <= within) Object.assign(modes, step.faults);
  return modes;
}

/** Plays the scenario from now: calls `apply` for each step when it falls due, looping; returns stop(). */
export function playScenario(scenario: ScenarioConfig, apply: (step: ScenarioStep) => Promise<void>): () => void {
  const startedAt = Date.now();
  let cycle = 0;
  let index = 0;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const next = () => {
    if (stopped) return;
    const step = scenario.steps[index];
    if (!step) {
      cycle++;
      index = 0;
      return next();
    }
    const due = startedAt + cycle * scenario.cycleMs + step.atMs;
    timer = setTimeout(() => {
      index++;
      void apply(step).finally(next);
    }, Math.max(0, due - Date.now()));
  };
  next();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
