import type { ComponentStatus, FunctionView, ImpactState, RootCauseImpact, SegmentView, StatusSnapshot } from "../types";
import type { ComponentConfig, ImpactConfig } from "../config";
import { createRootCauseFinder } from "./root-cause";

// Impact follows the dependency graph: a segment or function is offline when anything it depends on,
// directly or through components' dependsOn, is down, and partial when something is degraded.
// Partial impact counts half of a segment's ARR (OpenStatus's rule for partial outages).
// Root causes: an offline segment's exposed ARR goes in full to every root cause beneath it, so a cause
// reads as "what this outage holds down" and the parts may overlap (three causes under one segment sum
// to three times it); `arrAtRiskAlone` counts only segments with that one cause, and those never sum past
// arrAtRisk. Partial segments have no down component beneath them, so no cause: only `down` is a cause.

/** Every component id reachable from `roots` through dependsOn, roots included. */
export function dependencyClosure(roots: string[], components: ComponentConfig[]): Set<string> {
  const byId = new Map(components.map((component) => [component.id, component]));
  const seen = new Set<string>();
  const stack = [...roots];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(byId.get(id)?.dependsOn ?? []));
  }
  return seen;
}

/** The worst state over a set of component statuses: down beats degraded beats unknown beats operational. */
export function impactStateOf(statuses: ComponentStatus[]): ImpactState {
  if (statuses.includes("down")) return "offline";
  if (statuses.includes("degraded")) return "partial";
  if (statuses.includes("unknown")) return "unknown";
  return "online";
}

const SHARE: Record<ImpactState, number> = { offline: 1, partial: 0.5, unknown: 0, online: 0 };

/** Computes the impact section of the snapshot from the current component statuses. */
export function computeImpact(
  impact: ImpactConfig,
  components: ComponentConfig[],
  statusOf: (componentId: string) => ComponentStatus,
): StatusSnapshot["impact"] {
  const stateFor = (dependsOn: string[]) =>
    impactStateOf([...dependencyClosure(dependsOn, components)].map(statusOf));
  const segments: SegmentView[] = impact.segments.map((segment) => ({
    id: segment.id,
    name: segment.name,
    arr: segment.arr,
    exposure: segment.exposure,
    state: stateFor(segment.dependsOn),
  }));
  const functions: FunctionView[] = impact.functions.map((fn) => ({ id: fn.id, name: fn.name, state: stateFor(fn.dependsOn) }));
  const exposed = (segment: SegmentView) => segment.arr * segment.exposure;
  const causesBelow = createRootCauseFinder(components.map((component) => ({ ...component, status: statusOf(component.id) })));
  const offline = impact.segments.flatMap((segment, index) =>
    segments[index]!.state === "offline" ? [{ arr: exposed(segments[index]!), causes: causesBelow(segment.dependsOn) }] : [],
  );
  return {
    currency: impact.currency,
    arrTotal: segments.reduce((sum, segment) => sum + segment.arr, 0),
    arrExposed: segments.reduce((sum, segment) => sum + exposed(segment), 0),
    arrAtRisk: segments.reduce((sum, segment) => sum + exposed(segment) * SHARE[segment.state], 0),
    arrUnknown: segments.filter((segment) => segment.state === "unknown").reduce((sum, segment) => sum + exposed(segment), 0),
    segments,
    functions,
    byRootCause: attributeToRootCauses(offline),
  };
}

/** Sums each offline segment's ARR under each of its causes; largest first, ties in the order the segments name them. */
function attributeToRootCauses(offline: { arr: number; causes: string[] }[]): RootCauseImpact[] {
  const byCause = new Map<string, RootCauseImpact>();
  for (const { arr, causes } of offline) {
    for (const componentId of causes) {
      const entry = byCause.get(componentId) ?? { componentId, arrAtRisk: 0, arrAtRiskAlone: 0 };
      entry.arrAtRisk += arr;
      if (causes.length === 1) entry.arrAtRiskAlone += arr;
      byCause.set(componentId, entry);
    }
  }
  return [...byCause.values()].sort((a, b) => b.arrAtRisk - a.arrAtRisk);
}
