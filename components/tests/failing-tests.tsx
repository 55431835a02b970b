import type { TestRunView } from "@/lib/types";
import { PanelMessage } from "../ui/panel-state";

/** Failures listed per suite before the rest are counted; the run itself holds them all. */
const SHOWN = 8;

/** The failing test cases of each suite's latest run. */
export function FailingTests({ histories, pending }: { histories: { suite: string; runs: TestRunView[] }[]; pending: boolean }) {
  const latest = histories.flatMap(({ suite, runs }) => (runs[0] && runs[0].failures.length > 0 ? [{ suite, run: runs[0] }] : []));
  return (
    <div className="break-inside-avoid">
      <h3 className="mb-1 font-semibold">Failing tests in the latest runs</h3>
      {pending && histories.length === 0 ? (
        <PanelMessage kind="loading">Loading the latest runs…</PanelMessage>
      ) : latest.length === 0 ? (
        <PanelMessage kind="empty">No failing tests in the latest runs.</PanelMessage>
      ) : (
        <ul className="space-y-2 text-sm">
          {latest.map(({ suite, run }) => (
            <li key={suite}>
              <p className="font-medium">
                {suite} — run #{run.id}: {run.failed} failed
              </p>
              <ul className="list-disc pl-5">
                {run.failures.slice(0, SHOWN).map((failure, index) => (
                  <li key={`${failure.classname ?? ""}.${failure.name}.${index}`} className="break-words">
                    <span className="font-mono">{failure.classname ? `${failure.classname} › ` : ""}{failure.name}</span>
                    {failure.message ? <span className="text-slate-600 dark:text-slate-300"> — {failure.message}</span> : null}
                  </li>
                ))}
                {run.failures.length > SHOWN ? <li>…and {run.failures.length - SHOWN} more</li> : null}
              </ul>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
