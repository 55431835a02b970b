// `npm run bench` (probes group): pat() on a 1 MB body, the globs a backtracking regular expression froze on.
import { performance } from "node:perf_hooks";
import { evaluateCondition, parseCondition } from "@/lib/conditions";
import { percentile, round } from "./stats";

const MB = 1024 * 1024;
const CASES: Array<[string, string]> = [
  ["*a*a*a*a*b", "a".repeat(MB)],
  ["*a*a*a*a*b*", "a".repeat(MB)],
  ["*aaab*", "a".repeat(MB)],
  ["*a?b?a*", "a".repeat(MB)],
  ['*"status":"down"*', '{"status":"ok"} '.repeat(MB / 16)],
];

/** Milliseconds per match (p50 and max of `runs`) for each glob against its 1 MB body. */
export function benchGlob(runs = 20) {
  const globs = CASES.map(([glob, body]) => {
    const condition = parseCondition(`[BODY] == pat('${glob}')`);
    const times = Array.from({ length: runs }, () => {
      const started = performance.now();
      evaluateCondition(condition, { BODY: body });
      return performance.now() - started;
    });
    return { glob, p50Ms: round(percentile(times, 50)), maxMs: round(Math.max(...times)) };
  });
  return { bodyBytes: MB, runs, globs, worstP50Ms: Math.max(...globs.map((entry) => entry.p50Ms)) };
}
