"use client";
import { useLive } from "./live-context";

const pad = (value: number) => String(value).padStart(2, "0");

/** HH:MM:SS in the browser's time zone. */
function clock(epochMs: number): string {
  const at = new Date(epochMs);
  return `${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}`;
}

const LOOK = {
  live: { icon: "●", tone: "text-ok border-ok" },
  reconnecting: { icon: "↻", tone: "text-warn border-warn" },
  offline: { icon: "✕", tone: "text-bad border-bad" },
} as const;

/** The nav's live-update indicator: icon + word, never colour alone. */
export function LiveIndicator() {
  const { state, since } = useLive();
  const word = state === "live" ? "Live" : state === "reconnecting" ? "Reconnecting…" : `Offline since ${since === null ? "—" : clock(since)}`;
  return (
    <span
      data-testid="live-indicator"
      data-state={state}
      role="status"
      aria-live="polite"
      // A minimum width that holds "Reconnecting…": the word changing on connect never moves the nav around it.
      className={`inline-flex min-w-[8.5rem] items-center gap-1 whitespace-nowrap rounded border px-1.5 py-0.5 text-sm font-medium ${LOOK[state].tone}`}
    >
      <span aria-hidden="true">{LOOK[state].icon}</span>
      {word}
    </span>
  );
}
