import type { ComponentConfig, IncidentConfig } from "../config";
import { compileConditions, listHeaderNames } from "../conditions";

// A result keeps only the response headers that something judges (issue 10): the component's conditions
// and degradedWhen, and the conditions of criteria that read its stored results. The rest (a target's
// Set-Cookie, its session ids) is never stored or served; the http probe drops Set-Cookie whatever is asked.

/** The lower-cased names of the response headers conditions read from this component's results. */
export function keptHeaders(component: ComponentConfig, criteria: IncidentConfig["criteria"] = []): string[] {
  const read = criteria.flatMap((criterion) =>
    criterion.kind === "components" && criterion.auto.components.includes(component.id) ? criterion.auto.conditions : [],
  );
  const conditions = compileConditions([...component.conditions, ...component.degradedWhen, ...read]);
  return [...new Set(conditions.flatMap(listHeaderNames))].sort();
}
