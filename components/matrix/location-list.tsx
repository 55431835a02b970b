"use client";
import type { ComponentLocationView } from "@/lib/types";
import { ComponentBadge } from "../ui/status-badge";
import { StaleMark } from "./component-cell";
import { formatClock, formatMs } from "./format";

/** The component's latest check from each location, by name. */
export function LocationList({ locations }: { locations: ComponentLocationView[] }) {
  return (
    <ul className="space-y-1 text-sm">
      {locations.map((view) => (
        <li key={view.location} data-testid={`location-${view.location}`} className="flex flex-wrap items-center gap-x-2">
          <span className="min-w-20 font-medium break-all">{view.location}</span>
          <ComponentBadge view={view} />
          <span className="tabular-nums">{formatMs(view.latencyMs)}</span>
          <time dateTime={view.checkedAt} className="text-slate-600 tabular-nums dark:text-slate-300" suppressHydrationWarning>
            {formatClock(view.checkedAt)}
          </time>
          {view.stale ? <StaleMark /> : null}
        </li>
      ))}
    </ul>
  );
}
