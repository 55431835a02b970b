"use client";
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { seriesColor, timeTicks } from "../tests/chart-colors";
import { formatMs } from "./format";

/** One latency sample: a check (recent view) or a bucket of checks (whole incident), at one location. */
export interface LatencyPoint {
  at: number;
  location: string;
  latency: number | null;
  /** False when the check failed, or when some checks of the bucket failed: drawn as a red ✕. */
  ok: boolean;
}

type Row = { at: number } & Record<string, number | boolean | null>;

/** One row per time, one latency and one ok field per location (recharts draws a Line per key). */
function toRows(points: LatencyPoint[]): Row[] {
  const rows = new Map<number, Row>();
  for (const point of [...points].sort((a, b) => a.at - b.at)) {
    const row = rows.get(point.at) ?? { at: point.at };
    row[`latency:${point.location}`] = point.latency;
    row[`ok:${point.location}`] = point.ok;
    rows.set(point.at, row);
  }
  return [...rows.values()];
}

/** Latency over time, one line per location (oldest left); failed checks or buckets are drawn as red crosses. */
export function LatencyChart({ points, caption }: { points: LatencyPoint[]; caption: string }) {
  const locations = [...new Set(points.map((point) => point.location))].sort();
  const rows = toRows(points);
  const ticks = timeTicks(rows[0]?.at ?? 0, rows.at(-1)?.at ?? 0);
  const several = locations.length > 1;
  return (
    <figure className="space-y-1">
      <div className="h-48 text-slate-500">
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.25} />
            <XAxis dataKey="at" type="number" scale="time" domain={["dataMin", "dataMax"]} tickFormatter={ticks} stroke="currentColor" fontSize={11} minTickGap={40} />
            <YAxis width={48} stroke="currentColor" fontSize={11} tickFormatter={(ms: number) => formatMs(ms)} />
            <Tooltip labelFormatter={(at) => new Date(Number(at)).toLocaleString()} formatter={(value, name) => [formatMs(Number(value)), String(name)]} />
            {several ? <Legend wrapperStyle={{ fontSize: 11 }} /> : null}
            {locations.map((location, index) => (
              <Line
                key={location}
                name={several ? location : "latency"}
                type="linear"
                dataKey={`latency:${location}`}
                stroke={several ? seriesColor(index) : "var(--color-ok)"}
                strokeWidth={2}
                isAnimationActive={false}
                connectNulls
                dot={(props: { cx?: number; cy?: number; index?: number; payload?: Row }) =>
                  props.payload?.[`ok:${location}`] === false && props.cx !== undefined && props.cy !== undefined ? (
                    <text key={props.index} x={props.cx} y={props.cy} dy={4} textAnchor="middle" fontSize={12} fill="var(--color-bad)">
                      ✕
                    </text>
                  ) : (
                    <g key={props.index} />
                  )
                }
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="text-xs text-slate-600 dark:text-slate-300">{caption}</figcaption>
    </figure>
  );
}
