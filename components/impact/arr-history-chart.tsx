"use client";
import { Area, AreaChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { ImpactPoint } from "@/lib/types";
import { timeTicks } from "../tests/chart-colors";
import { money } from "./format";

// Loaded through next/dynamic (ssr: false) by arr-history.tsx, so recharts is not in the first-load JS.

/** ARR at risk (and ARR whose components were not yet checked) as steps over time. */
export function ArrHistoryChart({ points, currency }: { points: ImpactPoint[]; currency: string }) {
  const rows = points.map((point) => ({ t: Date.parse(point.at), atRisk: point.arrAtRisk, unknown: point.arrUnknown }));
  const compact = (value: number) => new Intl.NumberFormat("en-US", { style: "currency", currency, notation: "compact" }).format(value);
  return (
    <ResponsiveContainer width="100%" height={240}>
      <AreaChart data={rows} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="var(--color-grid)" />
        <XAxis dataKey="t" type="number" scale="time" domain={["dataMin", "dataMax"]} tickFormatter={timeTicks(Number(rows[0]?.t ?? 0), Number(rows[rows.length - 1]?.t ?? 0))} stroke="currentColor" tick={{ fill: "currentColor", fontSize: 12 }} />
        <YAxis tickFormatter={compact} width={56} stroke="currentColor" tick={{ fill: "currentColor", fontSize: 12 }} />
        <Tooltip
          labelFormatter={(value) => new Date(Number(value)).toLocaleString()}
          formatter={(value, name) => [money(Number(value), currency), name]}
          contentStyle={{ color: "#0f172a" }}
        />
        <Legend />
        <Area type="stepAfter" dataKey="atRisk" name="ARR at risk" stroke="var(--color-bad)" fill="var(--color-bad)" fillOpacity={0.25} isAnimationActive={false} />
        <Area type="stepAfter" dataKey="unknown" name="ARR not yet checked" stroke="var(--color-unknown)" fill="var(--color-unknown)" fillOpacity={0.1} strokeDasharray="4 3" isAnimationActive={false} />
      </AreaChart>
    </ResponsiveContainer>
  );
}
