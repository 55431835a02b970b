"use client";
import type { CriterionView } from "@/lib/types";
import { PanelMessage } from "../ui/panel-state";
import { StatusBadge } from "../ui/status-badge";
import { useSession } from "../ui/use-session";
import { CriterionEvidence } from "./criterion-evidence";
import { kindLabel } from "./evidence";
import { SignoffButton } from "./signoff-button";

/** The dev team's checklist: each success criterion with its state, owner, kind and evidence. */
export function CriteriaList({ criteria }: { criteria: CriterionView[] }) {
  const session = useSession();
  if (criteria.length === 0) return <PanelMessage kind="empty">This incident config lists no success criteria.</PanelMessage>;
  const met = criteria.filter((criterion) => criterion.state === "met").length;
  return (
    <section aria-labelledby="criteria-heading">
      <h2 id="criteria-heading" className="mb-2 text-lg font-semibold">
        Success criteria: {met} of {criteria.length} met
      </h2>
      <ul className="space-y-2">
        {criteria.map((criterion) => (
          <li
            key={criterion.id}
            data-testid={`criterion-${criterion.id}`}
            data-state={criterion.state}
            className="space-y-2 break-inside-avoid rounded border border-slate-300 p-3 dark:border-slate-700"
          >
            <div className="flex items-start justify-between gap-2">
              <div className="min-w-0 flex-1">
                <p className="font-medium">{criterion.title}</p>
                <p className="text-sm text-slate-600 dark:text-slate-300">
                  owner {criterion.owner} · {kindLabel(criterion.kind)}
                </p>
              </div>
              <span className="shrink-0">
                <StatusBadge state={criterion.state} />
              </span>
            </div>
            <div className="flex flex-wrap items-end justify-between gap-2">
              <div className="min-w-0 flex-1">
                <CriterionEvidence criterion={criterion} />
              </div>
              {criterion.kind === "signoff" && session?.role === criterion.owner ? <SignoffButton criterion={criterion} /> : null}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
