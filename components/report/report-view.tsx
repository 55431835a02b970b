import type { ReactNode } from "react";
import type { Report } from "@/lib/report/build";
import { declarationLines, formatDuration, formatTime, PHASE_HEAD, phaseCells } from "@/lib/report/markdown";

// The report as a printable page (/report, /incidents/<id>): the leadership summary first, then the detail.
// The same Report data as the Markdown; print CSS in app/globals.css hides navigation and buttons.

function Table({ head, rows, label }: { head: string[]; rows: ReactNode[][]; label: string }) {
  return (
    <table aria-label={label} className="w-full border-collapse text-sm">
      <thead>
        <tr>{head.map((h) => <th key={h} className="border-b border-slate-400 px-2 py-1 text-left">{h}</th>)}</tr>
      </thead>
      <tbody>
        {rows.map((cells, i) => (
          <tr key={i}>{cells.map((c, j) => <td key={j} className="border-b border-slate-200 px-2 py-1 align-top dark:border-slate-700">{c ?? "—"}</td>)}</tr>
        ))}
      </tbody>
    </table>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="report-section space-y-2">
      <h2 className="text-lg font-semibold">{title}</h2>
      {children}
    </section>
  );
}

const money = (currency: string, amount: number) => `${currency} ${Math.round(amount).toLocaleString("en-US")}`;

/** The whole report; `recordHref` links each record to its permalink. */
export function ReportView({ report, recordHref }: { report: Report; recordHref: (id: number) => string }) {
  const { incident, impact } = report;
  return (
    <article className="report space-y-6" data-testid="report">
      <h1 className="text-2xl font-bold">Post-incident report: {incident.id} — {incident.title || "untitled"}</h1>
      <Section title="Summary">
        <p>{report.summary}</p>
        <Table label="incident" head={["Severity", "State", "Started", "Handed back", "Resolved", "Duration"]}
          rows={[[incident.severity, incident.state, formatTime(incident.startedAt), formatTime(incident.handedBackAt), formatTime(incident.resolvedAt), formatDuration(incident.durationMs)]]} />
        <p>{impact ? `Peak ARR at risk ${money(impact.currency, impact.peakArrAtRisk)} (${formatTime(impact.peakAt)}); ${money(impact.currency, impact.arrHours)} ARR-hours.` : "No impact model stored for this incident."}</p>
        <pre className="whitespace-pre-wrap rounded border border-slate-300 p-3 text-sm dark:border-slate-700" data-testid="declaration">{declarationLines(report).join("\n")}</pre>
      </Section>
      <Section title="Phases: plan vs actual">
        <Table label="phases" head={PHASE_HEAD} rows={report.phases.map(phaseCells)} />
      </Section>
      <Section title="Criteria and evidence">
        <Table label="criteria" head={["Criterion", "Owner", "State", "Since", "Evidence"]}
          rows={report.criteria.map((c) => [c.title, c.owner, c.state, formatTime(c.changedAt), `${c.evidence}${c.resultIds.length ? ` (results ${c.resultIds.join(", ")})` : ""}${c.testRunId !== null ? ` (test run ${c.testRunId})` : ""}${c.signoffId !== null ? ` (sign-off ${c.signoffId})` : ""}`])} />
      </Section>
      <Section title="Tests: first vs last run">
        <Table label="tests" head={["Suite", "Runs", "First", "Last"]}
          rows={report.tests.map((t) => [t.suiteId, t.runs, `#${t.first.id} ${t.first.passRate ?? "—"}%`, `#${t.last.id} ${t.last.passRate ?? "—"}%`])} />
      </Section>
      <Section title="Handback records">
        <Table label="handback records" head={["Record", "Action", "When", "By", "Reason", "sha256"]}
          rows={report.records.map((r) => [<a key="id" href={recordHref(r.id)} className="underline">{`#${r.id}`}</a>, r.action, formatTime(r.at), `${r.by} (${r.team})`, r.reason, <code key="h">{r.hash.slice(0, 16)}…</code>])} />
      </Section>
      <Section title="Key timeline">
        <Table label="key timeline" head={["When", "Kind", "Who", "What"]} rows={report.timeline.map((e) => [formatTime(e.at), e.kind, e.actor, e.text])} />
      </Section>
    </article>
  );
}
