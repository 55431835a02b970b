"use client";
import { useQuery } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import { useState } from "react";
import { componentHistoryQuery, componentResultsQuery } from "@/lib/queries/components";
import type { ComponentHistoryView, ProbeResultView } from "@/lib/types";
import { PanelMessage } from "../ui/panel-state";
import type { LatencyPoint } from "./latency-chart";

// recharts stays out of the first load: it is only fetched when someone opens a component.
const LatencyChart = dynamic(() => import("./latency-chart").then((module) => module.LatencyChart), {
  ssr: false,
  loading: () => <div className="h-48 animate-pulse rounded bg-slate-100 dark:bg-slate-900" aria-hidden="true" />,
});

type Span = "recent" | "incident";

function recentPoints(results: ProbeResultView[]): { points: LatencyPoint[]; caption: string } {
  const points = results.map((result) => ({ at: Date.parse(result.checkedAt), location: result.location, latency: result.latencyMs, ok: result.ok }));
  const failed = points.filter((point) => !point.ok).length;
  return { points, caption: `Last ${points.length} checks, ${failed} failed (✕). Latency in ms.` };
}

function incidentPoints(history: ComponentHistoryView): { points: LatencyPoint[]; caption: string } {
  const points = history.buckets.map((bucket) => ({
    at: Date.parse(bucket.bucketStart),
    location: bucket.location,
    latency: bucket.latencyAvgMs,
    ok: bucket.okCount === bucket.count,
  }));
  const checks = history.buckets.reduce((sum, bucket) => sum + bucket.count, 0);
  const failing = points.filter((point) => !point.ok).length;
  const since = new Date(history.since).toLocaleString();
  return { points, caption: `${checks} checks since ${since}, average latency per ${history.bucket}; ${failing} of ${points.length} buckets had failures (✕).` };
}

/** The detail's latency chart: the last checks, or the whole incident in minute/hour buckets (rollups included). */
export function LatencySection({ componentId }: { componentId: string }) {
  const [span, setSpan] = useState<Span>("recent");
  const results = useQuery(componentResultsQuery(componentId));
  const history = useQuery({ ...componentHistoryQuery(componentId), enabled: span === "incident" });
  const query = span === "recent" ? results : history;
  const chart = span === "recent" ? (results.data ? recentPoints(results.data.results) : null) : history.data ? incidentPoints(history.data) : null;
  return (
    <div className="space-y-2">
      <div role="group" aria-label="Latency span" className="inline-flex overflow-hidden rounded border border-slate-300 text-sm dark:border-slate-700">
        {(["recent", "incident"] as const).map((option) => (
          <button
            key={option}
            type="button"
            aria-pressed={span === option}
            onClick={() => setSpan(option)}
            className={`px-2 py-0.5 ${span === option ? "bg-slate-700 text-white dark:bg-slate-200 dark:text-slate-900" : "hover:bg-slate-50 dark:hover:bg-slate-900"}`}
          >
            {option === "recent" ? "Recent checks" : "Whole incident"}
          </button>
        ))}
      </div>
      {query.isError ? (
        <PanelMessage kind="error">Could not load latency: {query.error.message}</PanelMessage>
      ) : !chart ? (
        <PanelMessage kind="loading">Loading latency…</PanelMessage>
      ) : chart.points.length === 0 ? (
        <PanelMessage kind="empty">No results yet: this component has not been checked.</PanelMessage>
      ) : (
        <LatencyChart points={chart.points} caption={chart.caption} />
      )}
    </div>
  );
}
