"use client";
import { confirmingAttributes } from "@/lib/status-look";
import type { ComponentView } from "@/lib/types";
import { ComponentBadge } from "../ui/status-badge";
import { TimeAgo } from "../ui/time-ago";
import { rootCauseText } from "./fold";
import { formatMs } from "./format";

/** The coloured left edge of a status (the badge beside it carries the icon and word). */
export const EDGE = { operational: "border-l-ok", degraded: "border-l-warn", down: "border-l-bad", unknown: "border-l-unknown" } as const;

/** " · (clock) stale" after a check's age: the result is too old to vote. */
export function StaleMark() {
  // An inline clock, not the ⏱ character: machines without an emoji font draw that as an empty box.
  return (
    <span className="font-semibold text-unknown">
      {" · "}
      <svg aria-hidden="true" viewBox="0 0 16 16" className="mr-0.5 inline h-[0.9em] w-[0.9em] align-[-0.1em]" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round">
        <circle cx="8" cy="8" r="6.5" />
        <path d="M8 4.5V8l2.5 1.5" />
      </svg>
      stale
    </span>
  );
}

/** A latency in a fixed-width box: "87 ms" turning "1.2 s" on a live update never moves the check's age beside it. */
export function Latency({ ms }: { ms: number | null | undefined }) {
  return <span className="inline-block min-w-[6.5ch] tabular-nums">{formatMs(ms)}</span>;
}

/** The attributes of the button that opens a component's detail, in cards and tables alike (e2e tests find it by them). */
export function selectButtonProps(component: ComponentView, selected: boolean, onSelect: (id: string) => void) {
  return {
    type: "button",
    "data-testid": `component-${component.id}`,
    "data-status": component.status,
    ...confirmingAttributes(component.confirming, component.stale),
    // The ids of the down upstreams that explain this one (lib/snapshot/root-cause.ts); absent when none.
    ...(component.rootCause.length > 0 ? { "data-root-cause": component.rootCause.join(" ") } : {}),
    "aria-pressed": selected,
    "aria-controls": "component-detail",
    onClick: () => onSelect(component.id),
  } as const;
}

interface ComponentCellProps {
  component: ComponentView;
  selected: boolean;
  onSelect: (id: string) => void;
  /** Component names by id, to name root causes. */
  names: ReadonlyMap<string, string>;
  /** Shown under the cell (the folded matrix puts a root's symptoms there). */
  children?: React.ReactNode;
}

/** One matrix cell: a button that opens the component's detail; fixed height so live updates never shift the grid. */
export function ComponentCell({ component, selected, onSelect, names, children }: ComponentCellProps) {
  const cause = rootCauseText(component, names);
  return (
    <li>
      <button
        {...selectButtonProps(component, selected, onSelect)}
        className={`flex h-40 w-full flex-col gap-1 overflow-hidden rounded border border-l-4 border-slate-300 p-3 text-left hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 dark:border-slate-700 dark:hover:bg-slate-900 ${EDGE[component.status]} ${selected ? "ring-2 ring-slate-500" : ""}`}
      >
        <span className="flex items-start justify-between gap-2">
          <span className="line-clamp-2 font-medium break-words" title={component.name}>
            {component.name}
          </span>
          {/* Left-aligned in a box as wide as "Operational": a status change does not move the badge's edge. */}
          <span className="min-w-28 shrink-0">
            <ComponentBadge view={component} />
          </span>
        </span>
        <span className="text-sm text-slate-600 tabular-nums dark:text-slate-300">
          {component.type} · <Latency ms={component.latencyMs} />
          {component.checkedAt ? (
            <>
              {" · "}
              <TimeAgo iso={component.checkedAt} />
            </>
          ) : (
            " · never checked"
          )}
          {component.stale ? <StaleMark /> : null}
        </span>
        {cause ? (
          <span className="line-clamp-1 text-sm font-medium break-words" title={cause}>
            {cause}
          </span>
        ) : null}
        {component.error ? (
          <span className={`${cause ? "line-clamp-1" : "line-clamp-2"} text-sm break-words text-bad`} title={`${component.error.code}: ${component.error.message}`}>
            {component.error.code}: {component.error.message}
          </span>
        ) : null}
      </button>
      {children}
    </li>
  );
}
