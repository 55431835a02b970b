import Link from "next/link";
import { requirePageReader } from "@/lib/auth/page-session";
import { listIncidents } from "@/lib/db";
import { formatTime } from "@/lib/report/markdown";
import { getConfig, getDb } from "@/lib/runtime";

export const dynamic = "force-dynamic";

/** The archive: every incident of this store, newest start first, the live one marked. */
export default async function IncidentsPage() {
  await requirePageReader("/incidents");
  const live = getConfig().incident.id;
  const incidents = await listIncidents(await getDb());
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">Incidents</h1>
      <table aria-label="incidents" className="w-full border-collapse text-sm">
        <thead>
          <tr>{["Incident", "Title", "Severity", "State", "Started", "Resolved"].map((h) => <th key={h} className="border-b border-slate-400 px-2 py-1 text-left">{h}</th>)}</tr>
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
              <td className="px-2 py-1">{incident.state ?? "—"}</td>
              <td className="px-2 py-1">{formatTime(incident.startedAt)}</td>
              <td className="px-2 py-1">{formatTime(incident.resolvedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
