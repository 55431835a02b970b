import type { ComponentConfig, IncidentConfig } from "../config";

// The part of a config a report reads, stored with the incident at boot (migration 014): with it, a past
// incident's report needs no config file. Only names, estimates, exit criteria, dependencies and money: no
// probe targets.

/** What the report knows of an incident's config. */
export interface ReportDefinition {
  /** exitCriteria is absent from definitions stored before it joined (their phases end by entries only). */
  phases: { id: string; name: string; owner: string; estimateMinMs: number; estimateMaxMs: number; exitCriteria?: string[] }[];
  impact: IncidentConfig["impact"];
  components: Pick<ComponentConfig, "id" | "name" | "dependsOn">[];
  criteria: { id: string; title: string; owner: string }[];
}

/** The definition of a validated config. */
export function definitionOf(config: IncidentConfig): ReportDefinition {
  return {
    phases: config.phases.map((phase) => ({ id: phase.id, name: phase.name, owner: phase.owner, estimateMinMs: phase.estimate.minMs, estimateMaxMs: phase.estimate.maxMs, exitCriteria: phase.exitCriteria })),
    impact: config.impact,
    components: config.components.map(({ id, name, dependsOn }) => ({ id, name, dependsOn })),
    criteria: config.criteria.map(({ id, title, owner }) => ({ id, title, owner })),
  };
}

/** A stored definition, or an empty one for an incident stored before migration 014 (its report says so). */
export function readDefinition(stored: Record<string, unknown> | null): ReportDefinition | null {
  if (!stored || !Array.isArray(stored.phases) || !Array.isArray(stored.components) || !stored.impact) return null;
  return stored as unknown as ReportDefinition;
}
