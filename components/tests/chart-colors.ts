// Series colours for charts: CSS variables from app/globals.css, so they follow the light/dark theme.
const SERIES = ["var(--color-series-1)", "var(--color-series-2)", "var(--color-series-3)", "var(--color-series-4)", "var(--color-series-5)"];

/** A series colour by position, cycling. */
export const seriesColor = (index: number) => SERIES[index % SERIES.length]!;

/** A local-time tick formatter fit for the span shown: seconds for minutes, times for a day, dates beyond. */
export function timeTicks(fromMs: number, toMs: number): (ms: number) => string {
  const span = toMs - fromMs;
  return (ms: number) => {
    const date = new Date(ms);
    if (span > 86_400_000) return date.toLocaleDateString([], { day: "numeric", month: "short" });
    const seconds = span < 600_000 ? { second: "2-digit" as const } : {};
    return date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", ...seconds, hourCycle: "h23" });
  };
}
