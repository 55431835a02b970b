"use client";
import { SnapshotView } from "../ui/snapshot-view";
import { CriteriaList } from "./criteria-list";

/** The `/handback` view for the dev team: the criteria checklist. */
export function HandbackView() {
  return <SnapshotView>{(snapshot) => <CriteriaList criteria={snapshot.criteria} />}</SnapshotView>;
}
