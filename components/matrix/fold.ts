// The matrix folded by root cause (pure): each down root with the symptoms beneath it, then the rest.
import type { ComponentView } from "@/lib/types";

/** One root cause and the components it explains (a symptom of two causes is under both). */
export interface RootCauseFold {
  root: ComponentView;
  symptoms: ComponentView[];
}

/** Roots in config order with their symptoms; `rest` holds every component that is neither. */
export function foldByRootCause(components: readonly ComponentView[]): { folds: RootCauseFold[]; rest: ComponentView[] } {
  const rootIds = new Set(components.flatMap((component) => component.rootCause));
  const folds = components
    .filter((component) => rootIds.has(component.id))
    .map((root) => ({ root, symptoms: components.filter((component) => component.rootCause.includes(root.id)) }));
  const rest = components.filter((component) => !rootIds.has(component.id) && component.rootCause.length === 0);
  return { folds, rest };
}

/** "down (upstream: VPC connector)": a component's status and the names of its root causes; null without any. */
export function rootCauseText(component: Pick<ComponentView, "status" | "rootCause">, names: ReadonlyMap<string, string>): string | null {
  if (component.rootCause.length === 0) return null;
  return `${component.status} (upstream: ${component.rootCause.map((id) => names.get(id) ?? id).join(", ")})`;
}
