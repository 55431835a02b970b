import type { CriterionView } from "@/lib/types";

/** "Ready for handback", or "Not ready because …" naming every criterion that is not met. */
export function GateSummary({ criteria }: { criteria: CriterionView[] }) {
  const open = criteria.filter((criterion) => criterion.state !== "met");
  const ready = open.length === 0;
  return (
    <section
      data-testid="gate-summary"
      data-ready={ready}
      aria-live="polite"
      className={`rounded border-2 p-3 ${ready ? "border-ok" : "border-bad"}`}
    >
      <p className={`font-semibold ${ready ? "text-ok" : "text-bad"}`}>
        <span aria-hidden="true">{ready ? "✓ " : "✕ "}</span>
        {ready ? "Ready for handback: every success criterion is met." : `Not ready because ${open.length} of ${criteria.length} criteria are not met:`}
      </p>
      {ready ? null : (
        <ul className="mt-1 list-disc pl-5 text-sm">
          {open.map((criterion) => (
            <li key={criterion.id}>
              {criterion.title} — {criterion.state === "unknown" ? "unknown (not enough evidence yet)" : "unmet"}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
