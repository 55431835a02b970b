import type { ComponentStatus, FunctionView, ImpactState, SegmentView, StatusSnapshot } from "../types";
import type { ComponentConfig, ImpactConfig } from "../config";

// Impact follows the dependency graph: a segment or function is offline when anything it depends on,
// directly or through components' dependsOn, is down, and partial when something is degraded.
// Partial impact counts half of a segment's ARR (OpenStatus's rule for partial outages).

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
  return {
    currency: impact.currency,
    arrTotal: segments.reduce((sum, segment) => sum + segment.arr, 0),
    arrExposed: segments.reduce((sum, segment) => sum + exposed(segment), 0),
    arrAtRisk: segments.reduce((sum, segment) => sum + exposed(segment) * SHARE[segment.state], 0),
    arrUnknown: segments.filter((segment) => segment.state === "unknown").reduce((sum, segment) => sum + exposed(segment), 0),
    segments,
    functions,
  };
}
