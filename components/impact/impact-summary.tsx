import type { StatusSnapshot } from "@/lib/types";
import { StatusBadge } from "../ui/status-badge";
import { money } from "./format";

/** ARR at risk now, as the big number, beside the two figures from config it is weighed against. */
export function ArrNow({ impact }: { impact: StatusSnapshot["impact"] }) {
  return (
    <section aria-labelledby="arr-heading">
      <h2 id="arr-heading" className="text-lg font-semibold">
        ARR at risk now
      </h2>
      <p data-testid="arr-at-risk" className="text-4xl font-bold sm:text-5xl">
        {money(impact.arrAtRisk, impact.currency)}
      </p>
      <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
        <dt className="font-medium">ARR of the affected segments</dt>
        <dd data-testid="arr-total">{money(impact.arrTotal, impact.currency)}</dd>
        <dt className="font-medium">Exposure-weighted, at full outage</dt>
        <dd data-testid="arr-exposed">{money(impact.arrExposed, impact.currency)}</dd>
      </dl>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-300">
        Each segment counts its ARR times its exposure (the share of it this outage can reach): in full while
        the segment is offline, half while it is partial.
        {impact.arrUnknown > 0 ? ` ${money(impact.arrUnknown, impact.currency)} depends on components not yet checked.` : ""}
      </p>
    </section>
  );
}

/** Segments with their ARR, exposure and state; business functions online/partial/offline. */
export function ImpactSummary({ impact }: { impact: StatusSnapshot["impact"] }) {
  return (
    <div className="grid gap-6 md:grid-cols-2">
      <section aria-labelledby="segments-heading" className="break-inside-avoid">
        <h2 id="segments-heading" className="mb-2 text-lg font-semibold">
          Customer segments
        </h2>
        {impact.segments.length === 0 ? <p className="text-sm">No segments are configured.</p> : null}
        <ul className="divide-y divide-slate-200 dark:divide-slate-800">
          {impact.segments.map((segment) => (
            <li key={segment.id} className="flex items-start justify-between gap-2 py-1.5">
              <span className="min-w-0 flex-1">
                {segment.name}
                <span className="block text-sm text-slate-600 dark:text-slate-300">
                  {money(segment.arr, impact.currency)} ARR · {Math.round(segment.exposure * 100)}% exposed
                </span>
              </span>
              <span className="shrink-0"><StatusBadge state={segment.state} /></span>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="functions-heading" className="break-inside-avoid">
        <h2 id="functions-heading" className="mb-2 text-lg font-semibold">
          Business functions
        </h2>
        {impact.functions.length === 0 ? <p className="text-sm">No business functions are configured.</p> : null}
        <ul className="divide-y divide-slate-200 dark:divide-slate-800">
          {impact.functions.map((fn) => (
            <li key={fn.id} className="flex items-start justify-between gap-2 py-1.5">
              <span className="min-w-0 flex-1">{fn.name}</span>
              <span className="shrink-0"><StatusBadge state={fn.state} /></span>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
