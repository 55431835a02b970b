"use client";
import { SnapshotView } from "../ui/snapshot-view";
import { ImpactSummary } from "./impact-summary";

/** The `/impact` view for business leadership. */
export function ImpactView() {
  return <SnapshotView>{(snapshot) => <ImpactSummary impact={snapshot.impact} />}</SnapshotView>;
}
