import type { GateView, UnmetCriterionView } from "@/lib/types";

function stateWord(criterion: UnmetCriterionView): string {
  return criterion.state === "unknown" ? "unknown (not enough evidence yet)" : "unmet";
}

function CriterionItems({ criteria, testId }: { criteria: UnmetCriterionView[]; testId: string }) {
  return (
    <ul data-testid={testId} className="mt-1 list-disc pl-5 text-sm">
      {criteria.map((criterion) => (
        <li key={criterion.id} data-criterion={criterion.id}>
          {criterion.title} ({criterion.owner}) — {stateWord(criterion)}
        </li>
      ))}
    </ul>
  );
}

/** The headline of the one gate (lib/incident/gate.ts): handback on infra's criteria, resolution on all of them. */
function headline(gate: GateView): string {
  const others = gate.unmet.length - gate.infraUnmet.length;
  if (gate.readyToResolve) return "Ready to resolve: every criterion is met and the watch after the handback ended with no regression.";
  if (!gate.readyForHandback) {
    const infra = gate.infraUnmet.length;
    return infra === 0 ? "Not ready for handback: no infra criterion is configured." : `Not ready for handback because ${infra} infra ${infra === 1 ? "criterion is" : "criteria are"} not met:`;
  }
  if (others > 0) return `Ready for handback: every infra criterion is met; ${others} dev/business ${others === 1 ? "criterion remains" : "criteria remain"} before resolution:`;
  return "Ready for handback: every criterion is met; resolution waits for the watch after the handback.";
}

/** The gate as the snapshot judged it: what handback and resolution still wait for, never the opposite of the badge. */
export function GateSummary({ gate }: { gate: GateView }) {
  const ready = gate.readyForHandback;
  const others = gate.unmet.filter((criterion) => !gate.infraUnmet.includes(criterion));
  return (
    <section
      data-testid="gate-summary"
      data-ready={ready}
      data-resolvable={gate.readyToResolve}
      aria-live="polite"
      className={`rounded border-2 p-3 ${ready ? "border-ok" : "border-bad"}`}
    >
      <p className={`font-semibold ${ready ? "text-ok" : "text-bad"}`}>
        <span aria-hidden="true">{ready ? "✓ " : "✕ "}</span>
        {headline(gate)}
      </p>
      {gate.infraUnmet.length > 0 ? <CriterionItems criteria={gate.infraUnmet} testId="gate-infra-unmet" /> : null}
      {!ready && others.length > 0 ? <p className="mt-2 text-sm">Also needed before resolution:</p> : null}
      {others.length > 0 ? <CriterionItems criteria={others} testId="gate-unmet" /> : null}
    </section>
  );
}
