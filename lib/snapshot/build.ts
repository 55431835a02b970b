import type { ComponentConfig, CriterionConfig, IncidentConfig } from "../config";
import type { CriterionStateRow, IncidentStateRow, LatestResultRow, TestRunRow } from "../db";
import { sortLocations, summarizeLocations } from "../locations";
import type { CadenceView, ComponentLocationView, ComponentStatus, ComponentView, CriterionView, EtaView, PhaseView, StatusSnapshot } from "../types";
import { confirmingOf } from "../engine/status-machine";
import { judgeGate } from "../incident/gate";
import { describeMoves } from "../incident/moves";
import { computeImpact } from "./impact";
import { withRootCauses } from "./root-cause";
import { viewTests, type SuiteCaseHistory } from "./tests";

/** Everything stored that the snapshot reads, gathered by read.ts. */
export interface SnapshotInputs {
  incidentState: IncidentStateRow | null;
  progress: { phases: PhaseView[]; eta: EtaView | null; cadence: CadenceView };
  latestResults: LatestResultRow[];
  criterionStates: CriterionStateRow[];
  latestTestRuns: TestRunRow[];
  /** Per suite, the runs whose cases the diff compares (lib/snapshot/tests.ts); absent: no diff. */
  suiteCases?: SuiteCaseHistory;
}

/** A result is stale when older than 2 × interval + timeout (docs/architecture.md "Statuses"). */
export function isStale(component: ComponentConfig, checkedAt: string, now: Date): boolean {
  return now.getTime() - Date.parse(checkedAt) > 2 * component.interval + component.timeout;
}

function viewLocation(component: ComponentConfig, row: LatestResultRow, now: Date): ComponentLocationView {
  const stale = isStale(component, row.checkedAt, now);
  const status = row.status ?? "unknown";
  // A stale result says nothing about now: neither its status nor its streak is shown.
  const streak = { status, failures: row.failures ?? 0, successes: row.successes ?? 0 };
  return {
    location: row.location,
    status: stale ? "unknown" : status,
    checkedAt: row.checkedAt,
    latencyMs: row.latencyMs,
    error: row.errorCode ? { code: row.errorCode, message: row.errorMessage ?? "" } : null,
    stale,
    confirming: stale ? null : confirmingOf(streak, component),
  };
}

/** A component with one view per location it has results from; the top-level fields combine them (lib/locations.ts). */
function viewComponent(component: ComponentConfig, latest: LatestResultRow[], now: Date): Omit<ComponentView, "rootCause"> {
  const base = { id: component.id, name: component.name, group: component.group, type: component.probe.type, dependsOn: component.dependsOn };
  if (latest.length === 0) return { ...base, ...summarizeLocations([]) };
  const locations = sortLocations(latest.map((row) => viewLocation(component, row, now)));
  return { ...base, ...summarizeLocations(locations), locations };
}

/**
 * Component views kept from one build to the next (lib/snapshot/read.ts): a component whose config, rows
 * and staleness are the same objects and flags as last time keeps its view object, so the body's JSON of
 * it is reused too (lib/snapshot/body.ts). The view is a function of exactly those, so reuse cannot drift.
 */
export interface ComponentViewMemo {
  views: Map<string, { component: ComponentConfig; rows: readonly LatestResultRow[]; stale: string; view: ComponentView }>;
}

export const createComponentViewMemo = (): ComponentViewMemo => ({ views: new Map() });

const staleFlags = (component: ComponentConfig, rows: readonly LatestResultRow[], now: Date) => rows.map((row) => (isStale(component, row.checkedAt, now) ? "1" : "0")).join("");

/** The held view when nothing it was made of changed, else null. */
function heldView(memo: ComponentViewMemo, component: ComponentConfig, rows: readonly LatestResultRow[], stale: string): PartialView | null {
  const held = memo.views.get(component.id);
  if (!held || held.component !== component || held.stale !== stale || held.rows.length !== rows.length) return null;
  return held.rows.every((row, index) => row === rows[index]) ? held.view : null;
}

type PartialView = Omit<ComponentView, "rootCause"> & { rootCause?: string[] };

/** Every component's view with its root causes; with a memo, unchanged components keep last build's objects. */
function viewComponents(config: IncidentConfig, results: LatestResultRow[], now: Date, memo?: ComponentViewMemo): ComponentView[] {
  const latest = latestByComponent(results);
  const made = config.components.map((component): { component: ComponentConfig; rows: LatestResultRow[]; stale: string; view: PartialView } => {
    const rows = latest.get(component.id) ?? [];
    if (!memo) return { component, rows, stale: "", view: viewComponent(component, rows, now) };
    const stale = staleFlags(component, rows, now);
    return { component, rows, stale, view: heldView(memo, component, rows, stale) ?? viewComponent(component, rows, now) };
  });
  // withRootCauses returns a view as it was when its root causes did not move.
  const components = withRootCauses(made.map((entry) => entry.view));
  if (memo) memo.views = new Map(made.map((entry, index) => [entry.component.id, { ...entry, view: components[index]! }]));
  return components;
}

/** The latest result of each location, per component. */
function latestByComponent(results: LatestResultRow[]): Map<string, LatestResultRow[]> {
  const byComponent = new Map<string, Map<string, LatestResultRow>>();
  for (const row of results) {
    const locations = byComponent.get(row.componentId) ?? new Map<string, LatestResultRow>();
    byComponent.set(row.componentId, locations);
    const seen = locations.get(row.location);
    if (!seen || Date.parse(row.checkedAt) > Date.parse(seen.checkedAt)) locations.set(row.location, row);
  }
  return new Map([...byComponent].map(([id, locations]) => [id, [...locations.values()]]));
}

/** A criterion as the snapshot and the gate see it, from its stored evaluation. */
export function viewCriterion(criterion: CriterionConfig, criterionStates: readonly CriterionStateRow[]): CriterionView {
  const base = { id: criterion.id, title: criterion.title, owner: criterion.owner, kind: criterion.kind };
  const stored = criterionStates.find((row) => row.criterionId === criterion.id);
  // Until the first evaluation is stored: a sign-off is unmet, anything measured is unknown.
  const fallback = criterion.kind === "signoff" ? "unmet" : "unknown";
  const evidence = stored?.evidence && typeof stored.evidence === "object" ? (stored.evidence as Record<string, unknown>) : null;
  return { ...base, state: stored?.state ?? fallback, evidence };
}

/**
 * Builds `GET /api/status` from the config and what storage holds; pure, so it is tested without I/O. A
 * memo (kept by the caller between builds) only saves work: the result is equal with or without it.
 */
export function buildSnapshot(config: IncidentConfig, inputs: SnapshotInputs, now: Date, memo?: ComponentViewMemo): StatusSnapshot {
  const components = viewComponents(config, inputs.latestResults, now, memo);
  const statusById = new Map<string, ComponentStatus>(components.map((component) => [component.id, component.status]));
  const { incident } = config;
  const criteria = config.criteria.map((criterion) => viewCriterion(criterion, inputs.criterionStates));
  const state = inputs.incidentState?.state ?? "investigating";
  const gate = judgeGate(criteria, { state, since: inputs.incidentState?.updatedAt ?? null }, config.handback.watch, now);
  // The outage ends for the business when the system is handed back.
  const endedAt = state === "handed_back" || state === "resolved" ? Date.parse(inputs.incidentState!.updatedAt) : now.getTime();
  return {
    generatedAt: now.toISOString(),
    incident: {
      id: incident.id,
      title: incident.title,
      severity: incident.severity,
      state,
      startedAt: incident.startedAt,
      summary: incident.summary || null,
      updateEveryMs: incident.updateEvery ?? null,
      outageMs: Math.max(0, endedAt - Date.parse(incident.startedAt)),
      criteriaMet: { met: criteria.filter((criterion) => criterion.state === "met").length, total: criteria.length },
      eta: inputs.progress.eta,
      cadence: inputs.progress.cadence,
      moves: describeMoves(state, config.teams.map((team) => team.id)),
    },
    gate,
    components,
    criteria,
    phases: inputs.progress.phases,
    tests: viewTests(config, inputs.latestTestRuns, inputs.suiteCases),
    impact: computeImpact(config.impact, config.components, (id) => statusById.get(id) ?? "unknown"),
  };
}
