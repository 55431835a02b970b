"use client";
import { Bar, BarChart, CartesianGrid, Cell, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { seriesColor, timeTicks } from "./chart-colors";

// Loaded through next/dynamic (ssr: false) by test-panel.tsx, so recharts is not in the first-load JS.

/** One bar per suite: the latest pass rate in percent. */
export function LatestPassRateChart({ data }: { data: { suite: string; passRate: number }[] }) {
  return (
    <ResponsiveContainer width="100%" height={220}>
      <BarChart data={data} margin={{ top: 20, right: 8, bottom: 8, left: -16 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="var(--color-grid)" />
        <XAxis dataKey="suite" stroke="currentColor" tick={{ fill: "currentColor", fontSize: 12 }} />
        <YAxis domain={[0, 100]} unit="%" stroke="currentColor" tick={{ fill: "currentColor", fontSize: 12 }} />
        <Tooltip formatter={(value) => [`${String(value)}%`, "pass rate"]} contentStyle={{ color: "#0f172a" }} />
        <Bar dataKey="passRate" isAnimationActive={false} label={{ position: "top", fill: "currentColor", fontSize: 12, formatter: (v: unknown) => `${String(v)}%` }}>
          {data.map((row, index) => (
            <Cell key={row.suite} fill={seriesColor(index)} />
          ))}
        </Bar>
      </BarChart>
    </ResponsiveContainer>
  );
}

/** One line per suite: pass rate of each run over time (rows keyed by suite id, `t` in ms). */
export function PassRateHistoryChart({ rows, suites }: { rows: Record<string, number>[]; suites: string[] }) {
  return (
    <ResponsiveContainer width="100%" height={240}>
      <LineChart data={rows} margin={{ top: 8, right: 8, bottom: 8, left: -16 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="var(--color-grid)" />
        <XAxis dataKey="t" type="number" scale="time" domain={["dataMin", "dataMax"]} tickFormatter={timeTicks(Number(rows[0]?.t ?? 0), Number(rows[rows.length - 1]?.t ?? 0))} stroke="currentColor" tick={{ fill: "currentColor", fontSize: 12 }} />
        <YAxis domain={[0, 100]} unit="%" stroke="currentColor" tick={{ fill: "currentColor", fontSize: 12 }} />
        <Tooltip labelFormatter={(value) => new Date(Number(value)).toLocaleString()} formatter={(value, name) => [`${String(value)}%`, name]} contentStyle={{ color: "#0f172a" }} />
        <Legend />
        {suites.map((suite, index) => (
          <Line key={suite} dataKey={suite} name={suite} stroke={seriesColor(index)} strokeWidth={2} dot connectNulls isAnimationActive={false} />
        ))}
      </LineChart>
    </ResponsiveContainer>
  );
}
