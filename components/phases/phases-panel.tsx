"use client";
import type { StatusSnapshot } from "@/lib/types";
import { formatEta } from "../impact/format";
import { useNow } from "../matrix/use-now";
import { PanelMessage } from "../ui/panel-state";
import { useSession } from "../ui/use-session";
import { describeEtaBasis } from "./format";
import { IncidentStateControl } from "./incident-state-control";
import { PhaseRow } from "./phase-row";

/**
 * The plan on `/` and `/handback`, read from the snapshot (`phases[]`, `incident.eta`, `incident.moves`): each
 * phase's plan vs actual with its overrun, the ETA with its basis, and for a signed-in team the phase and state writes.
 */
export function PhasesPanel({ snapshot }: { snapshot: StatusSnapshot }) {
  const session = useSession();
  const now = useNow();
  const { phases, incident, generatedAt } = snapshot;
  const eta = formatEta(incident.eta, new Date(now));
  return (
    <section aria-labelledby="phases-heading" className="mb-4 space-y-2">
      <h2 id="phases-heading" className="text-lg font-semibold">
        Phases
      </h2>
      {phases.length === 0 ? (
        <PanelMessage kind="empty">This incident config lists no phases.</PanelMessage>
      ) : (
        <>
          <p data-testid="phases-eta" className="text-sm" suppressHydrationWarning>
            {incident.eta && eta ? (
              <>
                <span className="font-semibold">ETA {eta}</span> — {describeEtaBasis(incident.eta.basis)}.
              </>
            ) : (
              <span className="font-semibold">Every phase is done: no ETA left.</span>
            )}
          </p>
          <ol className="space-y-2">
            {phases.map((phase) => (
              <PhaseRow key={phase.id} phase={phase} generatedAt={generatedAt} now={now} canComplete={phase.state === "active" && session?.role === phase.owner} />
            ))}
          </ol>
        </>
      )}
      {session ? <IncidentStateControl state={incident.state} moves={incident.moves} role={session.role} /> : null}
    </section>
  );
}
