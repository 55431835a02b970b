"use client";
import type { TransitionView } from "@/lib/types";
import { PanelMessage } from "../ui/panel-state";
import { StatusBadge } from "../ui/status-badge";

/** A component's status changes, newest first, with the location when there are several. */
export function TransitionList({ transitions }: { transitions: TransitionView[] }) {
  if (transitions.length === 0) return <PanelMessage kind="empty">No status changes recorded yet.</PanelMessage>;
  const showLocation = new Set(transitions.map((transition) => transition.location)).size > 1;
  return (
    <ol className="space-y-1 text-sm">
      {transitions.map((transition) => (
        <li key={transition.id} className="flex flex-wrap items-center gap-1">
          <time dateTime={transition.at} className="text-slate-600 tabular-nums dark:text-slate-300">
            {new Date(transition.at).toISOString().replace("T", " ").slice(5, 19)}
          </time>
          {transition.fromStatus ? <StatusBadge state={transition.fromStatus} /> : <span>new</span>}
          <span aria-label="to">→</span>
          <StatusBadge state={transition.toStatus} />
          {showLocation ? <span className="text-slate-600 dark:text-slate-300">@{transition.location}</span> : null}
          {transition.reason ? <span className="basis-full text-xs break-words text-slate-600 dark:text-slate-300">{transition.reason}</span> : null}
        </li>
      ))}
    </ol>
  );
}
