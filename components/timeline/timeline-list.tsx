"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { isFiltered, timelineQuery, timelineSearch, type TimelineFilter } from "@/lib/queries/timeline";
import { PanelMessage } from "../ui/panel-state";
import { TIMELINE_TYPES } from "./filter";

const LABEL = new Map<string, string>(TIMELINE_TYPES.map((type) => [type.id, type.label.replace(/s$/, "")]));
// Entries a reader should not miss get an icon beside their word (a config change can move a goalpost).
const ICON: Partial<Record<string, string>> = { config: "⚙" };

/** Everyone's view: the incident timeline, newest first, filtered by the URL's type and team. */
export function TimelineList({ filter }: { filter: TimelineFilter }) {
  const timeline = useQuery(timelineQuery(filter));
  const filtered = isFiltered(filter);
  if (timeline.isPending) return <PanelMessage kind="loading">Loading the timeline…</PanelMessage>;
  if (timeline.isLoadingError) return <PanelMessage kind="error">Could not load the timeline: {timeline.error.message}</PanelMessage>;
  if (timeline.data.entries.length === 0) {
    return <PanelMessage kind="empty">{filtered ? "No entries match these filters." : "Nothing has happened yet."}</PanelMessage>;
  }
  return (
    <>
      {timeline.isRefetchError ? <PanelMessage kind="error">The latest refresh failed: {timeline.error.message}</PanelMessage> : null}
      <ol className="space-y-2" aria-label="Timeline, newest first">
        {timeline.data.entries.map((entry) => (
          <li key={entry.id} data-testid="timeline-entry" data-type={entry.type} className="break-inside-avoid rounded border border-slate-300 p-3 dark:border-slate-700">
            <p className="text-sm text-slate-600 dark:text-slate-300">
              <time dateTime={entry.at}>{entry.at.replace("T", " ").slice(0, 19)} UTC</time> ·{" "}
              <span className="font-medium text-slate-800 dark:text-slate-100">
                {ICON[entry.type] ? <span aria-hidden="true">{ICON[entry.type]} </span> : null}
                {LABEL.get(entry.type) ?? entry.type}
              </span>
              {entry.actor ? ` · ${entry.actor}` : ""}
              {entry.team ? ` (${entry.team})` : ""}
            </p>
            <p className="break-words whitespace-pre-line">{entry.text}</p>
          </li>
        ))}
      </ol>
      <p className="space-x-4 text-sm" data-print="hide">
        {filter.beforeId ? <Link className="underline" href={`/timeline?${timelineSearch({ ...filter, beforeId: undefined })}`}>Newest entries</Link> : null}
        {timeline.data.entries.length >= 200 ? (
          <Link className="underline" href={`/timeline?${timelineSearch({ ...filter, beforeId: timeline.data.entries.at(-1)!.id })}`} data-testid="timeline-older">
            Older entries
          </Link>
        ) : null}
      </p>
    </>
  );
}
