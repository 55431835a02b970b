"use client";
import type { PhaseView } from "@/lib/types";
import { localTime } from "../impact/format";
import { StatusBadge } from "../ui/status-badge";
import { CompletePhaseButton } from "./complete-phase-button";
import { endedByText } from "@/lib/incident/phases";
import { formatRange, formatSpan, livePhase } from "./format";

/** Actual time: start → end and how long for a done phase, running time for the active one. */
function Actual({ phase, elapsedMs, now }: { phase: PhaseView; elapsedMs: number | null; now: number }) {
  const clock = (iso: string) => localTime(iso, new Date(now));
  if (phase.state === "pending" || elapsedMs === null || !phase.startedAt) return <>not started</>;
  if (phase.state === "active") return <>{formatSpan(elapsedMs)} so far (since {clock(phase.startedAt)})</>;
  return (
    <>
      {formatSpan(elapsedMs)} ({clock(phase.startedAt)} → {phase.endedAt ? clock(phase.endedAt) : "?"}; {endedByText(phase.endedBy)})
    </>
  );
}

/** One phase: state, owner, plan vs actual, the overrun flag, and "Complete phase" for its owner team while active. */
export function PhaseRow({ phase, generatedAt, now, canComplete }: { phase: PhaseView; generatedAt: string; now: number; canComplete: boolean }) {
  const live = livePhase(phase, generatedAt, now);
  return (
    <li
      data-testid={`phase-${phase.id}`}
      data-state={phase.state}
      data-overrun={live.overrun ? "true" : "false"}
      className="flex flex-wrap items-start justify-between gap-2 rounded border border-slate-300 p-2 dark:border-slate-700"
    >
      <div className="min-w-0 flex-1 space-y-0.5">
        <p className="flex flex-wrap items-center gap-2">
          <span className="font-medium">{phase.name}</span>
          <StatusBadge state={phase.state} />
          {live.overrun ? (
            <span data-testid="phase-overrun" className="inline-flex items-center gap-1 rounded border border-bad px-1.5 py-0.5 text-sm font-medium text-bad">
              <span aria-hidden="true">⚠</span>Overrun by {formatSpan(live.overrunByMs)}
            </span>
          ) : null}
        </p>
        <dl className="grid grid-cols-[auto_1fr] gap-x-2 text-sm" suppressHydrationWarning>
          <dt className="text-slate-600 dark:text-slate-300">Owner</dt>
          <dd>{phase.owner}</dd>
          <dt className="text-slate-600 dark:text-slate-300">Plan</dt>
          <dd>{formatRange(phase.estimateMinMs, phase.estimateMaxMs)}</dd>
          <dt className="text-slate-600 dark:text-slate-300">Actual</dt>
          <dd className="tabular-nums">
            <Actual phase={phase} elapsedMs={live.elapsedMs} now={now} />
          </dd>
          {phase.exitCriteria.length > 0 ? (
            <>
              <dt className="text-slate-600 dark:text-slate-300">Ends when met</dt>
              <dd className="break-words">{phase.exitCriteria.join(", ")}</dd>
            </>
          ) : null}
        </dl>
      </div>
      {canComplete ? <CompletePhaseButton phase={phase} /> : null}
    </li>
  );
}
