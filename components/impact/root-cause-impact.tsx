import type { StatusSnapshot } from "@/lib/types";
import { money } from "./format";

type Impact = StatusSnapshot["impact"];

/**
 * "VPC connector: $535,000": the ARR each root cause holds at risk, for leadership instead of a page of red
 * cells. Causes sharing a segment each carry it in full, so the note says when the amounts overlap.
 */
export function RootCauseImpact({ impact, names }: { impact: Impact; names: ReadonlyMap<string, string> }) {
  const causes = impact.byRootCause;
  const sum = causes.reduce((total, cause) => total + cause.arrAtRisk, 0);
  return (
    <section aria-labelledby="root-causes-heading" className="break-inside-avoid">
      <h2 id="root-causes-heading" className="mb-2 text-lg font-semibold">
        ARR at risk by root cause
      </h2>
      {causes.length === 0 ? <p className="text-sm">No segment is offline because of a down component.</p> : null}
      <ul className="divide-y divide-slate-200 dark:divide-slate-800">
        {causes.map((cause) => (
          <li key={cause.componentId} data-testid={`root-cause-${cause.componentId}`} className="py-1.5">
            <span className="font-medium">{names.get(cause.componentId) ?? cause.componentId}</span>: <span className="tabular-nums">{money(cause.arrAtRisk, impact.currency)}</span>
            {cause.arrAtRiskAlone < cause.arrAtRisk ? (
              <span className="block text-sm text-slate-600 dark:text-slate-300">
                {cause.arrAtRiskAlone > 0
                  ? `${money(cause.arrAtRiskAlone, impact.currency)} of it comes back when this alone is fixed`
                  : "Shared with other causes: none of it comes back until they are fixed too"}
              </span>
            ) : null}
          </li>
        ))}
      </ul>
      {sum > impact.arrAtRisk ? (
        <p data-testid="root-cause-overlap" className="mt-1 text-sm text-slate-600 dark:text-slate-300">
          The amounts overlap: a segment that is down for several causes counts under each of them. Together{" "}
          {money(impact.arrAtRisk, impact.currency)} is at risk.
        </p>
      ) : null}
    </section>
  );
}
