"use client";
import type { ReactNode } from "react";
import type { StatusSnapshot } from "@/lib/types";
import { IncidentHeader } from "./incident-header";
import { PanelMessage } from "./panel-state";
import { StorageBanner } from "./storage-banner";
import { useStatus } from "./use-status";

/** Renders the incident header and hands the live snapshot to a view, with loading and error states. */
export function SnapshotView({ children }: { children: (snapshot: StatusSnapshot) => ReactNode }) {
  const status = useStatus();
  if (status.isPending) return <PanelMessage kind="loading">Loading the incident…</PanelMessage>;
  if (status.isLoadingError) return <PanelMessage kind="error">Could not load the incident: {status.error.message}</PanelMessage>;
  return (
    <>
      <IncidentHeader incident={status.data.incident} gate={status.data.gate} />
      {status.isRefetchError ? (
        <PanelMessage kind="error">Showing data from {status.data.generatedAt}: the latest refresh failed.</PanelMessage>
      ) : null}
      <StorageBanner storage={status.data.storage} />
      {children(status.data)}
    </>
  );
}
