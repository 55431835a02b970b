// The shape of a config problem and how it is printed: `path.to.field: message (line N)`.

/** One thing wrong with a config file; `path` uses dots and numeric indices, e.g. `components.3.probe.url`. */
export interface ConfigProblem {
  path: string;
  message: string;
  line?: number;
}

/** A path into the config as a list of keys and indices, before it is joined with dots. */
export type ProblemPath = readonly PropertyKey[];

/** Joins path segments with dots (`["components", 3, "probe"]` → `components.3.probe`). */
export function formatPath(path: ProblemPath): string {
  return path.map((segment) => String(segment)).join(".");
}

/** Prints a problem as `path.to.field: message (line N)`; a problem about the whole file uses `(root)`. */
export function formatProblem(problem: ConfigProblem): string {
  const line = problem.line === undefined ? "" : ` (line ${problem.line})`;
  return `${problem.path === "" ? "(root)" : problem.path}: ${problem.message}${line}`;
}

/** Orders problems by line (problems without one last), keeping their order otherwise. */
export function sortProblems(problems: readonly ConfigProblem[]): ConfigProblem[] {
  return [...problems].sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity));
}
