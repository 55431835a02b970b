"use client";
import { SnapshotView } from "../ui/snapshot-view";
import { StatusMatrix } from "./status-matrix";

/** The `/` view: incident header and the live component matrix. */
export function StatusView() {
  return <SnapshotView>{(snapshot) => <StatusMatrix components={snapshot.components} />}</SnapshotView>;
}
