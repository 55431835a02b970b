"use client";
import type { ProbeResultView } from "@/lib/types";
import { PanelMessage } from "../ui/panel-state";
import { formatClock, formatMs } from "./format";

const PHASES = ["dns", "connect", "tls", "firstByte", "total"] as const;

interface Outcome {
  condition?: string;
  success?: boolean;
  actual?: unknown;
  reason?: string;
}

/** The failed conditions of a result, with the value each one saw: the evidence behind a red cell. */
function FailedConditions({ outcomes }: { outcomes: unknown[] | null }) {
  const failed = (outcomes ?? []).filter((outcome): outcome is Outcome => typeof outcome === "object" && outcome !== null && (outcome as Outcome).success === false);
  if (failed.length === 0) return null;
  return (
    <ul className="text-xs text-bad">
      {failed.map((outcome, index) => (
        <li key={index} className="break-words">
          <span aria-hidden="true">✕ </span>
          <code>{outcome.condition}</code> — saw <code>{JSON.stringify(outcome.actual ?? null)}</code>
          {outcome.reason ? ` (${outcome.reason})` : ""}
        </li>
      ))}
    </ul>
  );
}

/** The newest results with phase timings (dns/connect/tls/firstByte/total), failed-condition evidence and, from several locations, where each ran. */
export function RecentResults({ results }: { results: ProbeResultView[] }) {
  if (results.length === 0) return <PanelMessage kind="empty">No results yet.</PanelMessage>;
  // Where a result came from only tells something when results come from more than one place.
  const showLocation = new Set(results.map((result) => result.location)).size > 1;
  return (
    <ol className="space-y-2">
      {results.map((result) => (
        <li key={result.id} className="rounded border border-slate-200 p-2 text-sm dark:border-slate-800">
          <div className="flex flex-wrap items-center gap-x-2">
            <span className={result.ok ? "text-ok" : "text-bad"}>
              <span aria-hidden="true">{result.ok ? "✓ " : "✕ "}</span>
              {result.ok ? "Passed" : "Failed"}
            </span>
            <time dateTime={result.checkedAt} className="tabular-nums">
              {formatClock(result.checkedAt)}
            </time>
            <span className="tabular-nums">{formatMs(result.latencyMs)}</span>
            {showLocation ? <span data-testid="result-location">@{result.location}</span> : null}
          </div>
          {result.phases ? (
            <dl className="mt-1 flex flex-wrap gap-x-3 text-xs text-slate-600 tabular-nums dark:text-slate-300">
              {PHASES.filter((phase) => result.phases?.[phase] !== undefined).map((phase) => (
                <div key={phase} className="flex gap-1">
                  <dt>{phase}</dt>
                  <dd>{formatMs(result.phases?.[phase])}</dd>
                </div>
              ))}
            </dl>
          ) : null}
          {result.errorCode ? (
            <p className="text-xs break-words text-bad">
              {result.errorCode}: {result.errorMessage}
            </p>
          ) : null}
          <FailedConditions outcomes={result.outcomes} />
        </li>
      ))}
    </ol>
  );
}
