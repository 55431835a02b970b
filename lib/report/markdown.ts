import { endedByText } from "../incident/phases";
import type { Report, ReportRun } from "./build";

// The report as GitHub-flavoured Markdown: a leadership summary first, then the detail. Table cells escape
// `|` and newlines so a note cannot break a table.

const cell = (text: string | number | null) => (text === null ? "—" : String(text).replace(/\|/g, "\\|").replace(/\r?\n/g, " "));
const row = (cells: (string | number | null)[]) => `| ${cells.map(cell).join(" | ")} |`;
const table = (head: string[], rows: (string | number | null)[][]) => [row(head), `|${head.map(() => " --- ").join("|")}|`, ...rows.map(row)];

/** "2h 05m" (or "45m", "0m"). */
export function formatDuration(ms: number | null): string {
  if (ms === null) return "—";
  const minutes = Math.round(ms / 60_000);
  const hours = Math.floor(minutes / 60);
  return hours > 0 ? `${hours}h ${String(minutes % 60).padStart(2, "0")}m` : `${minutes}m`;
}

/** "2025-01-01 10:02 UTC". */
export function formatTime(iso: string | null): string {
  return iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : "—";
}

const money = (currency: string, amount: number) => `${currency} ${Math.round(amount).toLocaleString("en-US")}`;
const run = (r: ReportRun) => `#${r.id} ${r.passed} passed / ${r.failed} failed${r.passRate === null ? "" : ` (${r.passRate}%)`}`;

/** The success declaration, modelled on the seeds' template: one line per criterion, then the impact. */
export function declarationLines(report: Report): string[] {
  const all = report.criteria.length > 0 && report.criteria.every((c) => c.state === "met");
  const mark = (state: string) => (state === "met" ? "✅" : state === "unmet" ? "❌" : "❔");
  const record = report.records.filter((r) => r.action === "confirm").at(-1);
  return [
    `## Success declaration — ${report.incident.id}`,
    "",
    all ? "✅ REMEDIATION COMPLETE: every handback criterion is met" : "⏳ REMEDIATION NOT COMPLETE: criteria below are still open",
    ...report.criteria.map((c) => `${mark(c.state)} ${c.title}: ${c.evidence || c.state}`),
    ...(report.tests.map((t) => `${t.last.failed === 0 ? "✅" : "❌"} Tests ${t.suiteId}: ${run(t.last)}`)),
    "",
    record ? `🚀 Handed back to ${record.team} by ${record.by} at ${formatTime(record.at)} (record ${record.id}, sha256 \`${record.hash.slice(0, 16)}…\`)` : "🚀 Not handed back yet",
    report.impact ? `💼 Business impact: peak ${money(report.impact.currency, report.impact.peakArrAtRisk)} ARR at risk; ${money(report.impact.currency, report.impact.arrHours)} ARR-hours over the incident` : "💼 Business impact: no impact model stored for this incident",
  ];
}

/** The phases table's head and one phase's cells (the Markdown and the /report page share them). */
export const PHASE_HEAD = ["Phase", "Owner", "Planned", "Actual", "Ended", "Ended by", ""];
export function phaseCells(p: Report["phases"][number]): string[] {
  return [p.name, p.owner, `${formatDuration(p.estimateMinMs)}–${formatDuration(p.estimateMaxMs)}`, formatDuration(p.actualMs), formatTime(p.endedAt), endedByText(p.endedBy) || "—", p.overrun ? "overrun" : ""];
}

/** Renders the whole report. */
export function renderMarkdown(report: Report): string {
  const { incident, impact } = report;
  const lines = [
    `# Post-incident report: ${incident.id} — ${incident.title || "untitled"}`,
    "",
    "## Summary",
    "",
    report.summary,
    "",
    ...table(["Severity", "State", "Started", "Handed back", "Resolved", "Duration"], [[incident.severity, incident.state, formatTime(incident.startedAt), formatTime(incident.handedBackAt), formatTime(incident.resolvedAt), formatDuration(incident.durationMs)]]),
    "",
    impact ? `Peak ARR at risk: **${money(impact.currency, impact.peakArrAtRisk)}** (${formatTime(impact.peakAt)}); **${money(impact.currency, impact.arrHours)}** ARR-hours.` : "No impact model stored for this incident.",
    "",
    ...declarationLines(report),
    "",
    "## Phases: plan vs actual",
    "",
    ...(report.phases.length === 0
      ? ["No phases planned."]
      : table(PHASE_HEAD, report.phases.map(phaseCells))),
    "",
    "## Criteria and evidence",
    "",
    ...(report.criteria.length === 0
      ? ["No criteria evaluated."]
      : table(["Criterion", "Owner", "State", "Since", "Evidence"], report.criteria.map((c) => [c.title, c.owner, c.state, formatTime(c.changedAt), evidenceText(c)]))),
    "",
    "## Tests: first vs last run",
    "",
    ...(report.tests.length === 0 ? ["No test runs reported."] : table(["Suite", "Runs", "First", "Last"], report.tests.map((t) => [t.suiteId, t.runs, run(t.first), run(t.last)]))),
    "",
    "## Handback records",
    "",
    ...(report.records.length === 0
      ? ["No confirm or reject yet."]
      : table(["Record", "Action", "When", "By", "Reason", "sha256", "Previous"], report.records.map((r) => [r.id, r.action, formatTime(r.at), `${r.by} (${r.team})`, r.reason, `\`${r.hash.slice(0, 16)}…\``, r.previousHash ? `\`${r.previousHash.slice(0, 16)}…\`` : null]))),
    "",
    "## Key timeline",
    "",
    ...(report.timeline.length === 0 ? ["Nothing recorded."] : table(["When", "Kind", "Who", "What"], report.timeline.map((e) => [formatTime(e.at), e.kind, e.actor, e.text]))),
    "",
  ];
  return `${lines.join("\n")}`;
}

function evidenceText(c: Report["criteria"][number]): string {
  const ids = [
    c.resultIds.length > 0 ? `results ${c.resultIds.join(", ")}` : null,
    c.testRunId !== null ? `test run ${c.testRunId}` : null,
    c.signoffId !== null ? `sign-off ${c.signoffId}` : null,
  ].filter(Boolean);
  return `${c.evidence}${ids.length > 0 ? ` (${ids.join("; ")})` : ""}`;
}
