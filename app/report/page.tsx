import Link from "next/link";
import { ReportView } from "@/components/report/report-view";
import { requirePageReader } from "@/lib/auth/page-session";
import { readReport } from "@/lib/report";
import { getConfig, getDb } from "@/lib/runtime";

export const dynamic = "force-dynamic";

/** The live incident's post-incident report, ready to print (Markdown and JSON one click away). */
export default async function ReportPage() {
  await requirePageReader("/report");
  const id = getConfig().incident.id;
  const report = await readReport(await getDb(), id);
  return (
    <div className="space-y-4">
      <p className="space-x-4 text-sm" data-print="hide">
        <Link prefetch={false} className="underline" href="/api/report?format=md">Markdown</Link>
        <Link prefetch={false} className="underline" href="/api/report?format=json">JSON</Link>
        <Link className="underline" href="/incidents">All incidents</Link>
      </p>
      <ReportView report={report} recordHref={(record) => `/api/handback/records/${record}`} />
    </div>
  );
}
