// Which failing upstream explains a failing component (docs/architecture.md "Statuses", root cause). Pure
// and type-only imports: the snapshot (server) and the live patch (client) share it, so they cannot drift.
// Only `down` counts as a cause: a degraded or unknown upstream explains nothing, and a
// component's status is the one its locations combine to (lib/locations.ts), so an upstream down in one
// location of several is degraded there and is no cause. The config rejects dependsOn cycles
// (lib/config/references.ts); a cycle here still ends, it only finds no cause through itself.
import type { ComponentStatus } from "../types";

/** What the rule reads of a component: its edges and its combined status. */
export interface RootCauseNode {
  id: string;
  dependsOn: readonly string[];
  status: ComponentStatus;
}

/**
 * Finds, for any list of upstream ids, the down components beneath it whose own upstreams hold nothing
 * down: the roots. Memoised per component, so a whole matrix costs one walk of the graph.
 */
export function createRootCauseFinder(nodes: readonly RootCauseNode[]): (dependsOn: readonly string[]) => string[] {
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const order = new Map(nodes.map((node, index) => [node.id, index]));
  const memo = new Map<string, ReadonlySet<string>>();
  const rootsBelow = (dependsOn: readonly string[]): Set<string> => {
    const roots = new Set<string>();
    for (const id of dependsOn) for (const root of rootsThrough(id)) roots.add(root);
    return roots;
  };
  // The roots that upstream `id` contributes: its own roots when it has any, else itself when down.
  const rootsThrough = (id: string): ReadonlySet<string> => {
    const known = memo.get(id);
    if (known) return known;
    const node = byId.get(id);
    if (!node) return new Set();
    memo.set(id, new Set()); // a cycle met again contributes nothing
    const below = rootsBelow(node.dependsOn);
    const result = below.size === 0 && node.status === "down" ? new Set([id]) : below;
    memo.set(id, result);
    return result;
  };
  return (dependsOn) => [...rootsBelow(dependsOn)].sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
}

/** Each component's root causes: for one that is not operational, the roots beneath it; [] otherwise. */
export function rootCausesOf(nodes: readonly RootCauseNode[]): Map<string, string[]> {
  const rootsBelow = createRootCauseFinder(nodes);
  return new Map(nodes.map((node) => [node.id, node.status === "operational" ? [] : rootsBelow(node.dependsOn)]));
}

/**
 * The components with `rootCause` set from their statuses (server build and client patch alike); a
 * component whose rootCause is unchanged is returned as it was, so a live patch re-renders only what moved.
 */
export function withRootCauses<T extends RootCauseNode & { rootCause?: readonly string[] }>(nodes: readonly T[]): (T & { rootCause: string[] })[] {
  const causes = rootCausesOf(nodes);
  return nodes.map((node) => {
    const rootCause = causes.get(node.id) ?? [];
    const same = node.rootCause?.length === rootCause.length && rootCause.every((id, index) => node.rootCause![index] === id);
    return same ? (node as T & { rootCause: string[] }) : { ...node, rootCause };
  });
}
