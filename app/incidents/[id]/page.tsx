import Link from "next/link";
import { notFound } from "next/navigation";
import { ReportView } from "@/components/report/report-view";
import { requirePageReader } from "@/lib/auth/page-session";
import { getIncident, listTimeline } from "@/lib/db";
import { readReport } from "@/lib/report";
import { formatTime } from "@/lib/report/markdown";
import { getDb } from "@/lib/runtime";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

/** A past incident, read-only: its report, then its newest 200 timeline entries. */
export default async function IncidentPage({ params }: Props) {
  const id = decodeURIComponent((await params).id);
  await requirePageReader(`/incidents/${encodeURIComponent(id)}`);
  const db = await getDb();
  if (!(await getIncident(db, id))) notFound();
  const [report, timeline] = [await readReport(db, id), await listTimeline(db, id, { limit: 200 })];
  const query = `incident=${encodeURIComponent(id)}`;
  return (
    <div className="space-y-6">
      <p className="space-x-4 text-sm" data-print="hide">
        <Link className="underline" href="/incidents">All incidents</Link>
        <a className="underline" href={`/api/report?format=md&${query}`}>Markdown</a>
        <a className="underline" href={`/api/report?format=json&${query}`}>JSON</a>
      </p>
      <ReportView report={report} recordHref={(record) => `/api/handback/records/${record}?${query}`} />
      <section className="space-y-2">
        <h2 className="text-lg font-semibold">Timeline (newest {timeline.length})</h2>
        <ol className="space-y-1 text-sm" aria-label="timeline">
          {timeline.map((entry) => (
            <li key={entry.id}>
              <span className="text-slate-500">{formatTime(entry.at)}</span> · {entry.type} · {entry.actor ?? "—"} · {entry.text}
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
