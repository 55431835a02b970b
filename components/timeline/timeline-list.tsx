"use client";
import { useQuery } from "@tanstack/react-query";
import { timelineQuery } from "@/lib/queries/timeline";
import { PanelMessage } from "../ui/panel-state";

/** Everyone's view: the incident timeline, newest first. */
export function TimelineList() {
  const timeline = useQuery(timelineQuery());
  if (timeline.isPending) return <PanelMessage kind="loading">Loading the timeline…</PanelMessage>;
  if (timeline.isLoadingError) return <PanelMessage kind="error">Could not load the timeline: {timeline.error.message}</PanelMessage>;
  if (timeline.data.entries.length === 0) return <PanelMessage kind="empty">Nothing has happened yet.</PanelMessage>;
  return (
    <ol className="space-y-2">
      {timeline.data.entries.map((entry) => (
        <li key={entry.id} data-testid="timeline-entry" className="rounded border border-slate-300 p-3 dark:border-slate-700">
          <p className="text-sm text-slate-600 dark:text-slate-300">
            <time dateTime={entry.at}>{entry.at.replace("T", " ").slice(0, 19)} UTC</time> · {entry.type}
            {entry.actor ? ` · ${entry.actor}` : ""}
            {entry.team ? ` (${entry.team})` : ""}
          </p>
          <p>{entry.text}</p>
        </li>
      ))}
    </ol>
  );
}
