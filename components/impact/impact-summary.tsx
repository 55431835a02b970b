"use client";
import type { StatusSnapshot } from "@/lib/types";
import { StatusBadge } from "../ui/status-badge";

function money(amount: number, currency: string): string {
  return new Intl.NumberFormat("en-US", { style: "currency", currency, maximumFractionDigits: 0 }).format(amount);
}

/** Leadership's view: ARR at risk, segments and business functions. */
export function ImpactSummary({ impact }: { impact: StatusSnapshot["impact"] }) {
  return (
    <div className="space-y-6">
      <section>
        <h2 className="text-lg font-semibold">ARR at risk now</h2>
        <p data-testid="arr-at-risk" className="text-4xl font-bold">
          {money(impact.arrAtRisk, impact.currency)}
        </p>
        <p className="text-sm text-slate-600 dark:text-slate-300">
          of {money(impact.arrTotal, impact.currency)} exposed ARR
          {impact.arrUnknown > 0 ? `; ${money(impact.arrUnknown, impact.currency)} depends on components not yet checked` : ""}
        </p>
      </section>
      <section>
        <h2 className="mb-2 text-lg font-semibold">Segments</h2>
        <ul className="space-y-1">
          {impact.segments.map((segment) => (
            <li key={segment.id} className="flex flex-wrap items-center justify-between gap-2">
              <span>
                {segment.name} — {money(segment.arr, impact.currency)} × {Math.round(segment.exposure * 100)}%
              </span>
              <StatusBadge state={segment.state} />
            </li>
          ))}
        </ul>
      </section>
      <section>
        <h2 className="mb-2 text-lg font-semibold">Business functions</h2>
        <ul className="space-y-1">
          {impact.functions.map((fn) => (
            <li key={fn.id} className="flex flex-wrap items-center justify-between gap-2">
              <span>{fn.name}</span>
              <StatusBadge state={fn.state} />
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
