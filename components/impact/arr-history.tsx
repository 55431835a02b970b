"use client";
import { useQuery } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import { impactHistoryQuery } from "@/lib/queries/impact-history";
import type { ImpactPoint } from "@/lib/types";
import { PanelMessage } from "../ui/panel-state";
import { money } from "./format";

const ArrHistoryChart = dynamic(() => import("./arr-history-chart").then((module) => module.ArrHistoryChart), {
  ssr: false,
  loading: () => <PanelMessage kind="loading">Loading the chart…</PanelMessage>,
});

/**
 * When monitoring began long after the incident started, the unmeasured stretch would squash every real
 * change against the right edge: the chart then starts at the first measurement and says so.
 */
function measuredWindow(points: ImpactPoint[]): { shown: ImpactPoint[]; croppedFrom: string | null } {
  if (points.length < 3) return { shown: points, croppedFrom: null };
  const start = Date.parse(points[0]!.at);
  const firstChange = Date.parse(points[1]!.at);
  const end = Date.parse(points[points.length - 1]!.at);
  if (firstChange - start <= (end - start) / 2) return { shown: points, croppedFrom: null };
  return { shown: points.slice(1), croppedFrom: points[1]!.at };
}

/** ARR at risk over time, replayed from component transitions (`GET /api/impact/history`). */
export function ArrHistory() {
  const history = useQuery(impactHistoryQuery());
  const { shown, croppedFrom } = measuredWindow(history.data?.points ?? []);
  const peak = shown.reduce((max, point) => Math.max(max, point.arrAtRisk), 0);
  return (
    <figure className="break-inside-avoid">
      <figcaption className="mb-1">
        <span className="text-lg font-semibold">ARR at risk over time</span>
        {history.data && shown.length > 1 ? (
          <span className="block text-sm text-slate-600 dark:text-slate-300" suppressHydrationWarning>
            Peak {money(peak, history.data.currency)} across {shown.length} change points
            {croppedFrom ? `; probes first reported at ${new Date(croppedFrom).toLocaleString([], { dateStyle: "medium", timeStyle: "short", hourCycle: "h23" })}, nothing was measured before` : ""}.
          </span>
        ) : null}
      </figcaption>
      {history.isPending ? (
        <PanelMessage kind="loading">Loading the ARR history…</PanelMessage>
      ) : history.isError ? (
        <PanelMessage kind="error">Could not load the ARR history: {history.error.message}</PanelMessage>
      ) : shown.length < 2 ? (
        <PanelMessage kind="empty">No component has changed state yet, so there is no trend to show.</PanelMessage>
      ) : (
        <ArrHistoryChart points={shown} currency={history.data.currency} />
      )}
    </figure>
  );
}
