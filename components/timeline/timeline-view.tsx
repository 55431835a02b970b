"use client";
import { SnapshotView } from "../ui/snapshot-view";
import { TimelineList } from "./timeline-list";

/** The `/timeline` view for everyone. */
export function TimelineView() {
  return <SnapshotView>{() => <TimelineList />}</SnapshotView>;
}
