import "server-only";
import type { IncidentConfig } from "../config";
import { listTransitions, type DbQuery, type TransitionRow } from "../db";
import type { ComponentStatus, ImpactHistory, ImpactPoint } from "../types";
import { computeImpact } from "./impact";

// ARR at risk over time: component transitions are kept forever (raw results are not), so replaying them
// through computeImpact gives the impact at every change point. Staleness is not replayed: a component
// counts as in the state its last transition put it in.

/** At most this many points reach the chart; older change points are thinned evenly, the newest kept. */
const MAX_IMPACT_POINTS = 200;
const MAX_TRANSITIONS = 10_000;

/** Keeps `max` points spread evenly over `points`, always the first and the last. */
function thin<T>(points: T[], max: number): T[] {
  if (points.length <= max) return points;
  const step = (points.length - 1) / (max - 1);
  return Array.from({ length: max }, (_, index) => points[Math.round(index * step)]!);
}

/** Replays transitions (any order) into impact points from the incident start to `now`; pure (the report uses it too). */
export function replayImpact(config: IncidentConfig, transitions: TransitionRow[], now: Date, max = MAX_IMPACT_POINTS): ImpactHistory {
  const statuses = new Map<string, ComponentStatus>();
  const statusOf = (id: string) => statuses.get(id) ?? "unknown";
  const pointAt = (at: string): ImpactPoint => {
    const impact = computeImpact(config.impact, config.components, statusOf);
    return {
      at,
      arrAtRisk: impact.arrAtRisk,
      arrUnknown: impact.arrUnknown,
      functionsOffline: impact.functions.filter((fn) => fn.state === "offline").length,
    };
  };
  const started = Date.parse(config.incident.startedAt);
  const ordered = [...transitions].sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.id - b.id);
  const points: ImpactPoint[] = [];
  let index = 0;
  // Transitions before the start only set the starting state.
  while (index < ordered.length && Date.parse(ordered[index]!.at) <= started) statuses.set(ordered[index]!.componentId, ordered[index++]!.toStatus);
  points.push(pointAt(new Date(started).toISOString()));
  while (index < ordered.length) {
    const at = ordered[index]!.at;
    // Transitions at the same instant make one point.
    while (index < ordered.length && ordered[index]!.at === at) statuses.set(ordered[index]!.componentId, ordered[index++]!.toStatus);
    points.push(pointAt(at));
  }
  if (now.getTime() > started) points.push(pointAt(now.toISOString()));
  return { currency: config.impact.currency, points: thin(points, max) };
}

/** Reads the transitions and replays them (`GET /api/impact/history`). */
export async function readImpactHistory(db: DbQuery, config: IncidentConfig, now: Date): Promise<ImpactHistory> {
  return replayImpact(config, await listTransitions(db, config.incident.id, undefined, MAX_TRANSITIONS), now);
}
