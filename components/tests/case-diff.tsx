import type { SuiteView, TestsTotal } from "@/lib/types";

// What the test evidence adds up to (docs/api.md "tests"): the total across suites against the declared
// counts, first run → now, and per suite which cases changed since the first run. Skipped and missing
// tests are not passed: "12 of 28" never reads as 100%.

/** "12 of 28 → 28 of 28": passed of expected at the first runs, then now. */
export function TestsTotalLine({ total }: { total: TestsTotal }) {
  if (total.expected === 0) return null;
  const now = `${total.passed} of ${total.expected}`;
  return (
    <p data-testid="tests-total" className="text-base font-medium">
      Tests passing: {total.firstPassed !== total.passed ? `${total.firstPassed} of ${total.expected} → ` : ""}
      {now}
      {total.passed < total.expected ? <span className="ml-1 text-sm text-red-700 dark:text-red-300">({total.expected - total.passed} not passing)</span> : null}
    </p>
  );
}

const LISTS = [
  ["fixed", "Fixed since the first run"],
  ["stillFailing", "Still failing"],
  ["newlyFailing", "Newly failing"],
  ["flaky", "Flaky (flipped twice in the last 5 runs)"],
] as const;

/** Per suite: expected vs ran, skipped as not passed, and the cases fixed, still failing, newly failing, flaky. */
export function CaseDiff({ suites }: { suites: SuiteView[] }) {
  const shown = suites.filter((suite) => suite.latest || suite.cases);
  if (shown.length === 0) return null;
  return (
    <div className="space-y-2" data-testid="case-diff">
      {shown.map((suite) => {
        const ran = suite.latest ? suite.latest.passed + suite.latest.failed : 0;
        return (
          <details key={suite.id} className="text-sm" data-suite={suite.id}>
            <summary className="cursor-pointer">
              <span className="font-medium">{suite.name}</span>: {suite.latest?.passed ?? 0} passed of {suite.expected ?? suite.latest?.tests ?? 0}
              {suite.expected !== null ? ` expected, ${ran} ran` : ""}
              {suite.latest?.skipped ? `, ${suite.latest.skipped} skipped (not passed)` : ""}
              {suite.expected !== null && ran < suite.expected ? `, ${suite.expected - ran} missing` : ""}
            </summary>
            {suite.cases ? (
              <dl className="mt-1 grid gap-1 sm:grid-cols-2">
                {LISTS.map(([key, label]) => (
                  <div key={key}>
                    <dt className="text-xs text-slate-600 dark:text-slate-300">
                      {label}: {suite.cases![key].length}
                    </dt>
                    <dd className="break-all font-mono text-xs">{suite.cases![key].slice(0, 20).join(", ") || "—"}</dd>
                  </div>
                ))}
              </dl>
            ) : (
              <p className="text-xs text-slate-600 dark:text-slate-300">No cases stored for this suite yet.</p>
            )}
          </details>
        );
      })}
    </div>
  );
}
