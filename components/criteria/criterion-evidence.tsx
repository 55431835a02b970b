import type { CriterionView } from "@/lib/types";
import { readEvidence } from "./evidence";

const LINK = "text-blue-700 underline underline-offset-2 dark:text-blue-300";

/** The signer's note and proof link; the link opens without giving the target this page (noopener, no referrer). */
function SignoffNote({ note, link }: { note: string | null; link: string | null }) {
  return (
    <div data-testid="signoff-note" className="space-y-1 border-l-2 border-slate-300 pl-2 dark:border-slate-600">
      {note ? <p className="break-words whitespace-pre-line">{note}</p> : null}
      {link ? (
        <p className="break-all">
          Proof:{" "}
          <a className={LINK} href={link} target="_blank" rel="noopener noreferrer">
            {link}
          </a>
        </p>
      ) : null}
    </div>
  );
}

/** The evidence behind a criterion: the summary sentence, then links to the results or the run that decided it. */
export function CriterionEvidence({ criterion }: { criterion: CriterionView }) {
  const evidence = readEvidence(criterion.evidence);
  if (!evidence.summary && evidence.components.length === 0) {
    return <p className="text-sm text-slate-600 dark:text-slate-300">No evidence evaluated yet.</p>;
  }
  return (
    <div className="space-y-1 text-sm">
      {evidence.summary ? <p className="break-words">{evidence.summary}</p> : null}
      {evidence.components.length > 0 ? (
        <ul className="flex flex-wrap gap-x-4 gap-y-1">
          {evidence.components.map((window) => {
            const passed = window.results.filter((result) => result.success).length;
            const limit = Math.max(1, window.results.length);
            return (
              <li key={window.componentId}>
                <a className={LINK} href={`/api/components/${encodeURIComponent(window.componentId)}/results?limit=${limit}`}>
                  {window.componentId}: {window.results.length === 0 ? "no results yet" : `${passed} of ${window.results.length} results pass`}
                </a>
                {window.failingResultId !== null ? <span> (failing result #{window.failingResultId})</span> : null}
              </li>
            );
          })}
        </ul>
      ) : null}
      {evidence.signoff ? <SignoffNote {...evidence.signoff} /> : null}
      {criterion.kind === "suite" && evidence.testRunId !== null ? (
        <p>
          Test run #{evidence.testRunId}
          {evidence.values.length > 0 ? ": " : ""}
          {evidence.values.map(([key, value]) => `${key} ${value ?? "n/a"}`).join(" · ")}
        </p>
      ) : null}
    </div>
  );
}
