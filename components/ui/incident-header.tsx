import type { StatusSnapshot } from "@/lib/types";
import { WatchNote } from "../criteria/watch-note";
import { StatusBadge } from "./status-badge";

/** The incident's title, severity and state badge, and the watch after the handback, shown on every view. */
export function IncidentHeader({ incident, gate }: { incident: StatusSnapshot["incident"]; gate: StatusSnapshot["gate"] }) {
  return (
    <header className="mb-4 space-y-1">
      <div className="flex flex-wrap items-center gap-2">
        <span className="rounded bg-bad px-1.5 py-0.5 text-sm font-bold text-white dark:text-slate-950">{incident.severity}</span>
        <h1 className="text-xl font-semibold">{incident.title}</h1>
        <span data-testid="incident-state" data-state={incident.state}>
          <StatusBadge state={incident.state} />
        </span>
      </div>
      <p className="text-sm text-slate-600 dark:text-slate-300">
        {incident.id} · started {new Date(incident.startedAt).toISOString().replace("T", " ").slice(0, 16)} UTC
        {incident.summary ? ` · ${incident.summary}` : ""}
      </p>
      {gate.watch ? <WatchNote watch={gate.watch} /> : null}
    </header>
  );
}
