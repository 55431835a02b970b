import type { IncidentConfig } from "./schema";
import type { ProblemPath } from "./problems";

// Cross-references the schema cannot see: unique ids, ids that must resolve, and dependsOn cycles.

/** A problem found after schema validation, located by its path in the config. */
export interface ReferenceProblem {
  path: ProblemPath;
  message: string;
}

type Identified = { id: string };

/** A problem for every id that repeats an earlier one in the same list. */
function findDuplicateIds(items: readonly Identified[], prefix: ProblemPath): ReferenceProblem[] {
  const firstIndex = new Map<string, number>();
  const problems: ReferenceProblem[] = [];
  items.forEach((item, index) => {
    const first = firstIndex.get(item.id);
    if (first === undefined) firstIndex.set(item.id, index);
    else problems.push({ path: [...prefix, index, "id"], message: `duplicate id "${item.id}" (first at ${[...prefix, first].join(".")})` });
  });
  return problems;
}

/** A problem for every id in `refs` that is not in `known`. */
function findDangling(refs: readonly string[], known: ReadonlySet<string>, prefix: ProblemPath, kind: string) {
  const problems: ReferenceProblem[] = [];
  refs.forEach((ref, index) => {
    if (!known.has(ref)) problems.push({ path: [...prefix, index], message: `unknown ${kind} "${ref}"` });
  });
  return problems;
}

/** The id set of a list. */
function idsOf(items: readonly Identified[]): Set<string> {
  return new Set(items.map((item) => item.id));
}

/** Every repeated id in every list of the config. */
function checkUniqueIds(config: IncidentConfig): ReferenceProblem[] {
  return [
    ...findDuplicateIds(config.teams, ["teams"]),
    ...findDuplicateIds(config.components, ["components"]),
    ...findDuplicateIds(config.tests.suites, ["tests", "suites"]),
    ...findDuplicateIds(config.criteria, ["criteria"]),
    ...findDuplicateIds(config.phases, ["phases"]),
    ...findDuplicateIds(config.impact.segments, ["impact", "segments"]),
    ...findDuplicateIds(config.impact.functions, ["impact", "functions"]),
    ...findDuplicateIds(config.notify.channels, ["notify", "channels"]),
  ];
}

/** Every reference to a component, team, suite or criterion that does not exist. */
function checkReferences(config: IncidentConfig): ReferenceProblem[] {
  const components = idsOf(config.components);
  const teams = idsOf(config.teams);
  const suites = idsOf(config.tests.suites);
  const criteria = idsOf(config.criteria);
  const problems: ReferenceProblem[] = [];
  config.components.forEach((c, i) => problems.push(...findDangling(c.dependsOn, components, ["components", i, "dependsOn"], "component")));
  config.criteria.forEach((criterion, i) => {
    problems.push(...findDangling([criterion.owner], teams, ["criteria", i, "owner"], "team").map(dropIndex));
    if (criterion.kind === "components") {
      problems.push(...findDangling(criterion.auto.components, components, ["criteria", i, "auto", "components"], "component"));
    } else if (criterion.kind === "suite") {
      problems.push(...findDangling([criterion.auto.suite], suites, ["criteria", i, "auto", "suite"], "test suite").map(dropIndex));
    }
  });
  config.phases.forEach((phase, i) => {
    problems.push(...findDangling([phase.owner], teams, ["phases", i, "owner"], "team").map(dropIndex));
    problems.push(...findDangling(phase.exitCriteria, criteria, ["phases", i, "exitCriteria"], "criterion"));
  });
  const channels = idsOf(config.notify.channels);
  config.notify.rules.forEach((rule, i) => problems.push(...findDangling(rule.channels, channels, ["notify", "rules", i, "channels"], "channel")));
  for (const list of ["segments", "functions"] as const) {
    config.impact[list].forEach((item, i) => problems.push(...findDangling(item.dependsOn, components, ["impact", list, i, "dependsOn"], "component")));
  }
  return problems;
}

/** Removes the list index that findDangling adds when it checked a single value. */
function dropIndex(problem: ReferenceProblem): ReferenceProblem {
  return { ...problem, path: problem.path.slice(0, -1) };
}

/** Each distinct dependsOn cycle among components, as id lists that end where they start (`a, b, a`). */
export function findDependencyCycles(components: readonly { id: string; dependsOn: readonly string[] }[]): string[][] {
  const edges = new Map(components.map((c) => [c.id, c.dependsOn]));
  const state = new Map<string, "visiting" | "done">();
  const cycles = new Map<string, string[]>();
  const stack: string[] = [];
  const visit = (id: string): void => {
    state.set(id, "visiting");
    stack.push(id);
    for (const next of edges.get(id) ?? []) {
      if (!edges.has(next)) continue;
      if (state.get(next) === "visiting") {
        const cycle = stack.slice(stack.indexOf(next));
        const key = [...cycle].sort().join(" ");
        if (!cycles.has(key)) cycles.set(key, [...cycle, next]);
      } else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(id, "done");
  };
  for (const component of components) if (!state.has(component.id)) visit(component.id);
  return [...cycles.values()];
}

/** A problem per dependsOn cycle, placed on the dependsOn of the cycle's first component. */
function checkCycles(config: IncidentConfig): ReferenceProblem[] {
  return findDependencyCycles(config.components).map((cycle) => ({
    path: ["components", config.components.findIndex((c) => c.id === cycle[0]), "dependsOn"],
    message: `dependsOn cycle: ${cycle.join(" → ")}`,
  }));
}

/** Every cross-reference problem of a schema-valid config; an empty list means the config is consistent. */
export function checkConfigReferences(config: IncidentConfig): ReferenceProblem[] {
  return [...checkUniqueIds(config), ...checkReferences(config), ...checkCycles(config)];
}
