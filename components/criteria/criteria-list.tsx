"use client";
import type { CriterionView } from "@/lib/types";
import { PanelMessage } from "../ui/panel-state";
import { StatusBadge } from "../ui/status-badge";

/** The dev team's checklist: each success criterion with its state, owner and kind. */
export function CriteriaList({ criteria }: { criteria: CriterionView[] }) {
  if (criteria.length === 0) return <PanelMessage kind="empty">This incident config lists no success criteria.</PanelMessage>;
  const met = criteria.filter((criterion) => criterion.state === "met").length;
  return (
    <section>
      <h2 className="mb-2 text-lg font-semibold">
        Success criteria: {met} of {criteria.length} met
      </h2>
      <ul className="space-y-2">
        {criteria.map((criterion) => (
          <li
            key={criterion.id}
            data-testid={`criterion-${criterion.id}`}
            data-state={criterion.state}
            className="flex flex-wrap items-center justify-between gap-2 rounded border border-slate-300 p-3 dark:border-slate-700"
          >
            <span>
              {criterion.title}
              <span className="block text-sm text-slate-600 dark:text-slate-300">
                owner {criterion.owner} · {criterion.kind === "signoff" ? "sign-off" : criterion.kind === "suite" ? "test suite" : "measured by probes"}
              </span>
            </span>
            <StatusBadge state={criterion.state} />
          </li>
        ))}
      </ul>
    </section>
  );
}
