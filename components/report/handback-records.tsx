import "server-only";
import { listHandbackRecords } from "@/lib/db";
import { recordOf } from "@/lib/handback/record";
import { formatTime } from "@/lib/report/markdown";
import { getConfig, getDb } from "@/lib/runtime";

// /handback: the frozen records of the live incident, newest first, each with its permalink and the
// evidence ids it names (docs/incidents.md "The handback record").

/** The record list as the page renders it (server-side, read at request time). */
export async function HandbackRecords() {
  const incidentId = getConfig().incident.id;
  const records = (await listHandbackRecords(await getDb(), incidentId)).flatMap((row) => recordOf(row) ?? []).reverse();
  return (
    <section aria-label="handback records" className="space-y-2">
      <h2 className="text-lg font-semibold">Handback records</h2>
      {records.length === 0 ? <p className="text-sm">No confirm or reject yet: the first one freezes the evidence here.</p> : null}
      {records.map((record) => (
        <article key={record.id} id={`record-${record.id}`} data-record={record.action} className="rounded border border-slate-300 p-3 text-sm dark:border-slate-700">
          <p>
            <strong>{record.action === "confirm" ? "Confirmed" : "Rejected"}</strong> by {record.confirmedBy} ({record.team}) at {formatTime(record.confirmedAt)}
            {record.reason ? `: ${record.reason}` : ""} · <a className="underline" href={`/api/handback/records/${record.id}`}>permalink #{record.id}</a> · sha256{" "}
            <code>{record.hash.slice(0, 16)}…</code>
          </p>
          <ul className="mt-1 list-disc pl-5">
            {record.criteria.map((criterion) => (
              <li key={criterion.id}>
                {criterion.id}: {criterion.state} — {criterion.evidence.summary}
                {criterion.evidence.resultIds.length > 0 ? ` (results ${criterion.evidence.resultIds.join(", ")})` : ""}
                {criterion.evidence.testRunId !== null ? ` (test run ${criterion.evidence.testRunId})` : ""}
                {criterion.evidence.signoffId !== null ? ` (sign-off ${criterion.evidence.signoffId})` : ""}
              </li>
            ))}
          </ul>
        </article>
      ))}
    </section>
  );
}
