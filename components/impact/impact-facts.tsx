"use client";
import type { StatusSnapshot } from "@/lib/types";
import { describeImpact, formatDuration, formatEta } from "./format";

// Times are shown in the reader's local zone, which the server cannot know: the first client render
// replaces the server's text (suppressHydrationWarning on those text nodes only).

/** The plain-language sentence leadership reads first. */
export function ImpactSentence({ snapshot }: { snapshot: StatusSnapshot }) {
  return (
    <p data-testid="impact-sentence" className="text-lg" suppressHydrationWarning>
      {describeImpact(snapshot, new Date())}
    </p>
  );
}

/** Outage duration and the ETA range from the phase estimates. */
export function ImpactFacts({ incident }: { incident: StatusSnapshot["incident"] }) {
  const over = incident.state === "handed_back" || incident.state === "resolved";
  const eta = formatEta(incident.eta, new Date());
  return (
    <dl className="grid grid-cols-1 gap-3 sm:grid-cols-2">
      <div className="rounded border border-slate-300 p-3 dark:border-slate-700">
        <dt className="text-sm text-slate-600 dark:text-slate-300">{over ? "Outage lasted" : "Outage so far"}</dt>
        <dd data-testid="outage-duration" className="text-xl font-semibold">
          {formatDuration(incident.outageMs)}
        </dd>
      </div>
      <div className="rounded border border-slate-300 p-3 dark:border-slate-700">
        <dt className="text-sm text-slate-600 dark:text-slate-300">Expected recovery (from phase estimates)</dt>
        <dd data-testid="eta" className="text-xl font-semibold" suppressHydrationWarning>
          {over ? "Handed back" : (eta ?? "All phases complete")}
        </dd>
      </div>
    </dl>
  );
}
