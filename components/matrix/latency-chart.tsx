"use client";
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { ProbeResultView } from "@/lib/types";
import { formatClock, formatMs } from "./format";

interface Point {
  at: number;
  latency: number | null;
  ok: boolean;
}

/** Latency of every stored result over time (oldest left); failed checks are drawn as red crosses. */
export function LatencyChart({ results }: { results: ProbeResultView[] }) {
  const points: Point[] = [...results].reverse().map((result) => ({ at: Date.parse(result.checkedAt), latency: result.latencyMs, ok: result.ok }));
  const failed = points.filter((point) => !point.ok).length;
  return (
    <figure className="space-y-1">
      <div className="h-48 text-slate-500">
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={points} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.25} />
            <XAxis dataKey="at" type="number" scale="time" domain={["dataMin", "dataMax"]} tickFormatter={(at: number) => formatClock(new Date(at).toISOString())} stroke="currentColor" fontSize={11} minTickGap={40} />
            <YAxis width={48} stroke="currentColor" fontSize={11} tickFormatter={(ms: number) => formatMs(ms)} />
            <Tooltip labelFormatter={(at) => formatClock(new Date(Number(at)).toISOString())} formatter={(value) => [formatMs(Number(value)), "latency"]} />
            <Line
              type="linear"
              dataKey="latency"
              stroke="var(--color-ok)"
              strokeWidth={2}
              isAnimationActive={false}
              connectNulls
              dot={(props: { cx?: number; cy?: number; index?: number; payload?: Point }) =>
                props.payload && !props.payload.ok && props.cx !== undefined && props.cy !== undefined ? (
                  <text key={props.index} x={props.cx} y={props.cy} dy={4} textAnchor="middle" fontSize={12} fill="var(--color-bad)">
                    ✕
                  </text>
                ) : (
                  <g key={props.index} />
                )
              }
            />
          </LineChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="text-xs text-slate-600 dark:text-slate-300">
        {points.length} checks, {failed} failed (✕). Latency in ms over the stored results.
      </figcaption>
    </figure>
  );
}
