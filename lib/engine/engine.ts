import "server-only";
import { setMaxListeners } from "node:events";
import type { ComponentConfig, IncidentConfig } from "../config";
import { latestResults, listTimeline, type Db } from "../db";
import type { EventBus } from "../events/bus";
import { log } from "../log";
import { runProbe } from "../probes";
import type { ProbeResult } from "../probes/types";
import type { ComponentStatus } from "../types";
import { judgeResult, type Judgement } from "./judge";
import { recordCheck } from "./record-check";
import { startScheduler, type Scheduler } from "./scheduler";
import { applyVerdict, INITIAL_STATE, type ComponentState } from "./status-machine";

/** What one check of one component produced, as `POST /api/probes/run` returns it. */
export interface CheckOutcome {
  componentId: string;
  status: ComponentStatus;
  verdict: Judgement["verdict"];
  error: Judgement["error"];
  outcomes: Judgement["outcomes"];
  result: ProbeResult;
  resultId: number | null;
}

/** The running probe engine of one process. */
export interface ProbeEngine {
  runNow(ids?: string[]): Promise<CheckOutcome[]>;
  stats(): ReturnType<Scheduler<CheckOutcome>["stats"]>;
  stop(): Promise<void>;
}

/** Everything the engine needs; `manual` runs checks only on request (CLI, tests). */
export interface EngineOptions {
  config: IncidentConfig;
  db: Db;
  bus: EventBus;
  concurrency: number;
  location?: string;
  manual?: boolean;
  /** Extra trusted CA certificates (the fault lab's CA in the demo). */
  ca?: string[];
  /** Called after each check is stored and published (the workflow re-evaluates criteria). */
  onChecked?: (outcome: CheckOutcome) => void;
}

async function seedStates(db: Db): Promise<{ states: Map<string, ComponentState>; lastEventId: number }> {
  const [results, newest] = await Promise.all([latestResults(db), listTimeline(db, { limit: 1 })]);
  const states = new Map(results.map((row) => [row.componentId, { ...INITIAL_STATE, status: row.status ?? "unknown" }]));
  return { states, lastEventId: newest[0]?.id ?? 0 };
}

/** Starts probing every component of the config; each result is persisted, then published. */
export async function startEngine(options: EngineOptions): Promise<ProbeEngine> {
  const { config, db, bus } = options;
  const location = options.location ?? "default";
  const { states, lastEventId } = await seedStates(db);
  let lastId = lastEventId;
  const abort = new AbortController();
  // Every probe in flight (at most `concurrency`) listens on this one signal, which stop() aborts.
  setMaxListeners(options.concurrency + 10, abort.signal);

  async function check(component: ComponentConfig): Promise<CheckOutcome> {
    const result = await runProbe(component.probe, { timeoutMs: component.timeout, signal: abort.signal, ca: options.ca });
    const judgement = judgeResult(component, result);
    const from = states.get(component.id) ?? INITIAL_STATE;
    const next = applyVerdict(from, judgement.verdict, component);
    states.set(component.id, next);
    let resultId: number | null = null;
    try {
      const stored = await recordCheck(db, { component, location, result, judgement, from: from.status, to: next.status });
      resultId = stored.resultId;
      if (stored.timeline) {
        lastId = stored.timeline.id;
        bus.publish({ type: "timeline", id: lastId, data: stored.timeline });
      }
    } catch (error) {
      // A storage failure is not the component's failure: the status stands, the result is reported.
      log.warn(`result of ${component.id} not stored: ${error instanceof Error ? error.message : String(error)}`);
    }
    const outcome = { componentId: component.id, status: next.status, verdict: judgement.verdict, error: judgement.error, outcomes: judgement.outcomes, result, resultId };
    bus.publish({ type: "component", id: lastId, data: { id: component.id, status: next.status, checkedAt: result.checkedAt, latencyMs: result.latencyMs, error: judgement.error } });
    options.onChecked?.(outcome);
    return outcome;
  }

  const scheduler = startScheduler(config.components, check, { concurrency: options.concurrency, jitter: 0.2, manual: options.manual });
  return {
    async runNow(ids) {
      return [...(await scheduler.runNow(ids)).values()];
    },
    stats: () => scheduler.stats(),
    async stop() {
      abort.abort();
      await scheduler.stop();
    },
  };
}
