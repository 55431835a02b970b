import type { SuiteView } from "@/lib/types";

/** Passed of expected when the suite declares it (skipped and missing are not passed), else of those that ran. */
function rateOf(suite: SuiteView): string {
  if (!suite.latest) return "—";
  if (suite.expected !== null) return `${Math.floor((suite.latest.passed / suite.expected) * 10_000) / 100}%`;
  return suite.latest.passRate != null ? `${suite.latest.passRate}%` : "—";
}

/** The latest run of each suite as text: the accessible (and printable) twin of the bar chart. */
export function SuiteTable({ suites }: { suites: SuiteView[] }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Latest run of each test suite</caption>
        <thead>
          <tr className="border-b border-slate-300 dark:border-slate-700">
            <th scope="col" className="py-1 pr-2">Suite</th>
            <th scope="col" className="py-1 pr-2">Pass rate</th>
            <th scope="col" className="py-1 pr-2">Passed</th>
            <th scope="col" className="py-1 pr-2">Failed</th>
            <th scope="col" className="hidden py-1 sm:table-cell">Reported</th>
          </tr>
        </thead>
        <tbody>
          {suites.map((suite) => (
            <tr key={suite.id} className="border-b border-slate-200 dark:border-slate-800">
              <th scope="row" className="py-1 pr-2 font-medium">
                {suite.name}
                {suite.critical ? <span className="ml-1 text-xs text-slate-600 dark:text-slate-300">(critical)</span> : null}
              </th>
              <td className="py-1 pr-2">{rateOf(suite)}</td>
              <td className="py-1 pr-2">{suite.latest ? `${suite.latest.passed}/${suite.expected ?? suite.latest.tests - suite.latest.skipped}` : "—"}</td>
              <td className="py-1 pr-2">{suite.latest ? suite.latest.failed : "—"}</td>
              <td className="hidden py-1 sm:table-cell">
                {suite.latest ? <time dateTime={suite.latest.receivedAt}>{suite.latest.receivedAt.replace("T", " ").slice(0, 16)} UTC</time> : "no run yet"}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
