import type { ComponentConfig, IncidentConfig } from "../config";
import type { IncidentRow, TransitionRow } from "../db";
import { dependencyClosure } from "../snapshot/impact";
import { replayImpact } from "../snapshot/impact-history";
import type { ReportDefinition } from "./definition";

// The report's two measures, which the archive lists too (docs/incidents.md "The archive"): where an
// incident ends (its duration) and ARR at risk over time (peak, ARR-hours). Pure: the report and the
// stored archive summary call the same functions, so the list and the report cannot disagree.

/** ARR at risk over the incident as the report shows it. */
export interface ReportImpact {
  currency: string;
  peakArrAtRisk: number;
  peakAt: string | null;
  arrHours: number;
  points: { at: string; arrAtRisk: number }[];
}

/** What the archive stores per incident (migration 019): the end, the duration and the peak of ARR at risk. */
export interface IncidentSummary {
  endedAt: string;
  durationMs: number | null;
  peakArrAtRisk: number | null;
  peakAt: string | null;
  currency: string | null;
}

/** The facts the measures read: the incident, its stored definition, its transitions, its newest stored fact. */
export interface MeasureInput {
  incident: Pick<IncidentRow, "startedAt" | "resolvedAt">;
  definition: ReportDefinition | null;
  transitions: readonly TransitionRow[];
  /** The newest time of any timeline entry or transition; null when there is none. */
  lastFactAt: string | null;
}

const HOUR_MS = 3_600_000;

/** The latest of some ISO times, or null. */
export function latestOf(times: readonly (string | null)[]): string | null {
  return times.reduce<string | null>((latest, at) => (at !== null && (latest === null || Date.parse(at) > Date.parse(latest)) ? at : latest), null);
}

/** Where the report ends: the resolution, else the newest stored fact (or the start), never "now". */
export function reportEnd(input: Pick<MeasureInput, "incident" | "lastFactAt">): string {
  return input.incident.resolvedAt ?? latestOf([input.incident.startedAt, input.lastFactAt]) ?? new Date(0).toISOString();
}

/** The component ids ARR at risk reads: those segments and functions depend on, with their dependencies. */
export function impactComponents(definition: ReportDefinition): Set<string> {
  const roots = [...definition.impact.segments, ...definition.impact.functions].flatMap((item) => item.dependsOn);
  return dependencyClosure(roots, definition.components as ComponentConfig[]);
}

/** ARR at risk replayed from the transitions up to `endedAt`; null without a stored impact model or start. */
export function impactOf(input: Omit<MeasureInput, "lastFactAt">, endedAt: string): ReportImpact | null {
  const { definition, incident } = input;
  if (!definition || !incident.startedAt) return null;
  // Replaying only the components ARR at risk reads keeps every value of the curve and skips the change
  // points that cannot move it (2,000 components × 16,000 transitions took 15 s; see the report bench).
  // replayImpact reads the impact model, each component's id and dependsOn, and the start; nothing else.
  const relevant = impactComponents(definition);
  const components = (definition.components as ComponentConfig[]).filter((c) => relevant.has(c.id));
  const model = { impact: definition.impact, components, incident: { startedAt: incident.startedAt } } as IncidentConfig;
  const transitions = input.transitions.filter((transition) => relevant.has(transition.componentId));
  const history = replayImpact(model, transitions, new Date(endedAt), Number.POSITIVE_INFINITY);
  let peak = history.points[0] ?? null;
  let arrHours = 0;
  history.points.forEach((point, index) => {
    if (peak === null || point.arrAtRisk > peak.arrAtRisk) peak = point;
    const next = history.points[index + 1];
    if (next) arrHours += (point.arrAtRisk * (Date.parse(next.at) - Date.parse(point.at))) / HOUR_MS;
  });
  return {
    currency: history.currency,
    peakArrAtRisk: peak?.arrAtRisk ?? 0,
    peakAt: peak?.at ?? null,
    arrHours: Math.round(arrHours),
    points: history.points.map(({ at, arrAtRisk }) => ({ at, arrAtRisk })),
  };
}

/** The end, duration and peak ARR at risk of one incident, by the report's rules. */
export function summarizeIncident(input: MeasureInput): IncidentSummary {
  const endedAt = reportEnd(input);
  const impact = impactOf(input, endedAt);
  const { startedAt } = input.incident;
  return {
    endedAt,
    durationMs: startedAt ? Math.max(0, Date.parse(endedAt) - Date.parse(startedAt)) : null,
    peakArrAtRisk: impact?.peakArrAtRisk ?? null,
    peakAt: impact?.peakAt ?? null,
    currency: impact?.currency ?? null,
  };
}
