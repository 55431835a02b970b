"use client";
import { useSearchParams } from "next/navigation";
import { SnapshotView } from "../ui/snapshot-view";
import { readTimelineFilter } from "./filter";
import { TimelineFilters } from "./timeline-filters";
import { TimelineForm } from "./timeline-form";
import { TimelineList } from "./timeline-list";
import { NotificationsPanel } from "./notifications-panel";

/** The `/timeline` view for everyone: post form (team roles), filters, entries newest first. */
export function TimelineView({ teams }: { teams: { id: string; name: string }[] }) {
  const filter = readTimelineFilter(useSearchParams());
  return (
    <SnapshotView>
      {() => (
        <div className="space-y-4">
          <TimelineForm />
          <NotificationsPanel />
          <TimelineFilters filter={filter} teams={teams} />
          <TimelineList filter={filter} />
        </div>
      )}
    </SnapshotView>
  );
}
