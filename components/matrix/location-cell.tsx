"use client";
import { confirmingAttributes } from "@/lib/status-look";
import type { ComponentLocationView } from "@/lib/types";
import { ComponentBadge } from "../ui/status-badge";
import { TimeAgo } from "../ui/time-ago";
import { EDGE, Latency, StaleMark } from "./component-cell";

/** One component as one location sees it; a location without a result is unknown ("—"), never up. */
export function LocationCell({ componentId, location, view }: { componentId: string; location: string; view: ComponentLocationView | undefined }) {
  const status = view?.status ?? "unknown";
  return (
    <td data-testid={`cell-${componentId}-${location}`} data-status={status} {...confirmingAttributes(view?.confirming, view?.stale ?? false)} className={`border-l-4 px-2 py-1.5 align-top ${EDGE[status]}`}>
      {view ? (
        <div className="flex flex-col items-start gap-0.5">
          <ComponentBadge view={view} />
          <span className="text-xs whitespace-nowrap text-slate-600 tabular-nums dark:text-slate-300">
            <Latency ms={view.latencyMs} /> · <TimeAgo iso={view.checkedAt} />
            {view.stale ? <StaleMark /> : null}
          </span>
          {/* Always drawn, empty when fine, so an error coming or going never changes the row's height. */}
          <span className="h-4 text-xs whitespace-nowrap text-bad" title={view.error ? `${view.error.code}: ${view.error.message}` : undefined}>
            {view.error?.code}
          </span>
        </div>
      ) : (
        <span className="text-unknown" title={`no result from ${location}`}>
          <span aria-hidden="true">—</span>
          <span className="sr-only">no result from {location}</span>
        </span>
      )}
    </td>
  );
}
