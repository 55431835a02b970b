"use client";
import type { ReactNode } from "react";
import type { StatusSnapshot } from "@/lib/types";
import { formatClock, formatDuration } from "./format";
import { RunProbesButton } from "./run-probes-button";
import { useNow } from "./use-now";

const FROZEN = new Set(["handed_back", "resolved"]);

function Tile({ label, children, tone }: { label: string; children: ReactNode; tone?: "bad" | "ok" }) {
  const border = tone === "bad" ? "border-bad" : tone === "ok" ? "border-ok" : "border-slate-300 dark:border-slate-700";
  return (
    <div className={`min-h-16 rounded border p-2 ${border}`}>
      <dt className="text-xs uppercase tracking-wide text-slate-600 dark:text-slate-300">{label}</dt>
      <dd className="font-semibold tabular-nums" suppressHydrationWarning>
        {children}
      </dd>
    </div>
  );
}

function UpdateDue({ cadence, now }: { cadence: StatusSnapshot["incident"]["cadence"]; now: number }) {
  if (cadence.everyMs === null || cadence.dueAt === null) return <>No cadence set</>;
  const left = Date.parse(cadence.dueAt) - now;
  if (cadence.overdue || left <= 0) {
    return (
      <span className="text-bad">
        <span aria-hidden="true">⚠ </span>OVERDUE by {formatDuration(-left)}
      </span>
    );
  }
  return (
    <>
      in {formatDuration(left)} <span className="font-normal">({formatClock(cadence.dueAt)}, {cadence.owner})</span>
    </>
  );
}

/** The infra team's banner: outage duration, next status update due, criteria met, run probes now. */
export function IncidentBanner({ snapshot }: { snapshot: StatusSnapshot }) {
  const now = useNow();
  const { incident } = snapshot;
  const ticking = !FROZEN.has(incident.state);
  const outage = incident.outageMs + (ticking ? Math.max(0, now - Date.parse(snapshot.generatedAt)) : 0);
  const overdue = incident.cadence.overdue || (incident.cadence.dueAt !== null && Date.parse(incident.cadence.dueAt) <= now);
  const { met, total } = incident.criteriaMet;
  return (
    <section aria-label="Incident summary" className="mb-4 space-y-2">
      <dl className="grid grid-cols-2 gap-2 sm:grid-cols-4">
        <Tile label={ticking ? "Outage so far" : "Outage lasted"}>{formatDuration(outage)}</Tile>
        <Tile label="Next status update" tone={overdue ? "bad" : undefined}>
          <UpdateDue cadence={incident.cadence} now={now} />
        </Tile>
        <Tile label="Criteria met" tone={total > 0 && met === total ? "ok" : undefined}>
          <span data-testid="criteria-met">
            {met}/{total}
          </span>
        </Tile>
        <Tile label="Components down">
          {snapshot.components.filter((component) => component.status === "down").length}/{snapshot.components.length}
        </Tile>
      </dl>
      <RunProbesButton label="Run probes now" />
    </section>
  );
}
