import Link from "next/link";
import { requirePageReader } from "@/lib/auth/page-session";
import { money } from "@/lib/money";
import { readArchive, type ArchiveIncident } from "@/lib/report/archive";
import { formatDuration, formatTime } from "@/lib/report/markdown";
import { getConfig, getDb } from "@/lib/runtime";

export const dynamic = "force-dynamic";

const peakText = (incident: ArchiveIncident) => (incident.peakArrAtRisk === null || incident.currency === null ? "—" : money(incident.peakArrAtRisk, incident.currency));

/** The archive: every incident of this store, newest start first, the live one marked (docs/incidents.md "The archive"). */
export default async function IncidentsPage() {
  await requirePageReader("/incidents");
  const live = getConfig().incident.id;
  const incidents = await readArchive(await getDb(), { incidentId: live, now: new Date() });
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">Incidents</h1>
      <table aria-label="incidents" className="w-full border-collapse text-sm">
        <thead>
          <tr>{["Incident", "Title", "Severity", "State", "Started", "Resolved", "Duration", "Peak ARR at risk"].map((h) => <th key={h} className="border-b border-slate-400 px-2 py-1 text-left">{h}</th>)}</tr>
        </thead>
        <tbody>
          {incidents.map((incident) => (
            <tr key={incident.id} data-incident={incident.id}>
              <td className="px-2 py-1">
                <Link className="underline" href={incident.id === live ? "/" : `/incidents/${encodeURIComponent(incident.id)}`}>{incident.id}</Link>
                {incident.id === live ? " (live)" : ""}
              </td>
              <td className="px-2 py-1">{incident.title}</td>
              <td className="px-2 py-1">{incident.severity ?? "—"}</td>
              <td className="px-2 py-1" data-testid="incident-state-word" data-state={incident.state ?? "unknown"}>{incident.state ?? "—"}</td>
              <td className="px-2 py-1">{formatTime(incident.startedAt)}</td>
              <td className="px-2 py-1">{formatTime(incident.resolvedAt)}</td>
              <td className="px-2 py-1" data-testid="incident-duration">{formatDuration(incident.durationMs)}{incident.ongoing ? " so far" : ""}</td>
              <td className="px-2 py-1" data-testid="incident-peak-arr">{peakText(incident)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
