import { PEOPLE_TYPES, type TimelineEvent, type TransitionRow } from "../db";
import type { ReportData } from "./data";
import { impactOf, latestOf, reportEnd, type ReportImpact } from "./measure";
import { reportPhases, type ReportPhase } from "./phases";

// The post-incident report as data (docs/incidents.md "The report"): pure, from ReportData alone. Times
// end at the resolution, else at the newest stored fact, never at "now": the same store gives the same report.

/** One line of the key timeline. */
export interface ReportEntry {
  at: string;
  kind: "human" | "state" | "phase" | "regression" | "component";
  actor: string | null;
  text: string;
}

/** The post-incident report (`GET /api/report?format=json`). */
export interface Report {
  incident: { id: string; title: string; severity: string | null; state: string | null; startedAt: string | null; handedBackAt: string | null; resolvedAt: string | null; endedAt: string; durationMs: number };
  summary: string;
  phases: ReportPhase[];
  timeline: ReportEntry[];
  criteria: { id: string; title: string; owner: string | null; state: string; changedAt: string; evidence: string; resultIds: number[]; testRunId: number | null; signoffId: number | null }[];
  tests: { suiteId: string; runs: number; first: ReportRun; last: ReportRun }[];
  impact: ReportImpact | null;
  records: { id: number; action: string; at: string; by: string; team: string; reason: string | null; hash: string; previousHash: string | null }[];
}

/** A test run as the report shows it. */
export interface ReportRun {
  id: number;
  at: string;
  passed: number;
  failed: number;
  skipped: number;
  passRate: number | null;
}

const HUMAN_TYPES = new Set<string>(PEOPLE_TYPES);
const MAX_FOLDED_STEPS = 6;

/** Transitions folded into one line per component (at its first change): the path of statuses and the count. */
export function foldTransitions(transitions: readonly TransitionRow[], nameOf: (id: string) => string): ReportEntry[] {
  const byComponent = new Map<string, TransitionRow[]>();
  for (const transition of transitions) byComponent.set(transition.componentId, [...(byComponent.get(transition.componentId) ?? []), transition]);
  return [...byComponent].map(([componentId, rows]) => {
    const path = [rows[0]!.fromStatus ?? "unknown", ...rows.map((row) => row.toStatus)];
    const shown = path.length > MAX_FOLDED_STEPS ? [...path.slice(0, MAX_FOLDED_STEPS - 1), "…", path.at(-1)!] : path;
    const span = rows.length > 1 ? `, until ${rows.at(-1)!.at}` : "";
    return { at: rows[0]!.at, kind: "component" as const, actor: null, text: `${nameOf(componentId)}: ${shown.join(" → ")} (${rows.length} ${rows.length === 1 ? "change" : "changes"}${span})` };
  });
}

function keyEntry(entry: TimelineEvent): ReportEntry | null {
  if (HUMAN_TYPES.has(entry.type)) return { at: entry.at, kind: "human", actor: entry.actor, text: entry.text };
  if (entry.type === "state" || entry.type === "phase" || entry.type === "regression") return { at: entry.at, kind: entry.type, actor: entry.actor, text: entry.text };
  return null;
}

function testsOf(data: ReportData): Report["tests"] {
  const bySuite = new Map<string, ReportData["testRuns"]>();
  for (const run of data.testRuns) bySuite.set(run.suiteId, [...(bySuite.get(run.suiteId) ?? []), run]);
  const view = (run: ReportData["testRuns"][number]): ReportRun => ({ id: run.id, at: run.receivedAt, passed: run.passed, failed: run.failed, skipped: run.skipped, passRate: run.passRate });
  return [...bySuite].sort(([a], [b]) => (a < b ? -1 : 1)).map(([suiteId, runs]) => ({ suiteId, runs: runs.length, first: view(runs[0]!), last: view(runs.at(-1)!) }));
}

/** Builds the report of one incident from its stored facts. */
export function buildReport(data: ReportData): Report {
  const lastFactAt = latestOf([...data.timeline.map((e) => e.at), ...data.transitions.map((t) => t.at)]);
  const endedAt = reportEnd({ incident: data.incident, lastFactAt });
  const startedAt = data.incident.startedAt;
  const confirms = data.records.filter((record) => record.action === "confirm");
  const handedBackAt = confirms.at(-1)?.confirmedAt ?? null;
  const names = new Map((data.definition?.components ?? []).map((component) => [component.id, component.name]));
  const titles = new Map((data.definition?.criteria ?? []).map((criterion) => [criterion.id, criterion]));
  const timeline = [...data.timeline.flatMap((entry) => keyEntry(entry) ?? []), ...foldTransitions(data.transitions, (id) => names.get(id) ?? id)].sort(
    (a, b) => Date.parse(a.at) - Date.parse(b.at),
  );
  const criteria = data.criterionStates.map((row) => {
    const evidence = (row.evidence ?? {}) as { summary?: string; components?: { results?: { resultId?: number }[] }[]; testRunId?: number | null; signoff?: { id?: number } | null };
    return {
      id: row.criterionId,
      title: titles.get(row.criterionId)?.title ?? row.criterionId,
      owner: titles.get(row.criterionId)?.owner ?? null,
      state: row.state,
      changedAt: row.changedAt,
      evidence: evidence.summary ?? "",
      resultIds: (evidence.components ?? []).flatMap((c) => (c.results ?? []).flatMap((r) => (typeof r.resultId === "number" ? [r.resultId] : []))),
      testRunId: typeof evidence.testRunId === "number" ? evidence.testRunId : null,
      signoffId: typeof evidence.signoff?.id === "number" ? evidence.signoff.id : null,
    };
  });
  const durationMs = startedAt ? Math.max(0, Date.parse(endedAt) - Date.parse(startedAt)) : 0;
  const impact = impactOf(data, endedAt);
  const met = criteria.filter((c) => c.state === "met").length;
  const summary = [
    `${data.incident.id} (${data.incident.severity ?? "no severity"}): ${data.incident.title || "untitled"}.`,
    `State ${data.incident.state ?? "unknown"} after ${Math.round(durationMs / 60_000)} minutes;`,
    `${met} of ${criteria.length} criteria met;`,
    handedBackAt ? `handed back at ${handedBackAt}.` : "not handed back yet.",
  ].join(" ");
  return {
    incident: { id: data.incident.id, title: data.incident.title, severity: data.incident.severity, state: data.incident.state, startedAt, handedBackAt, resolvedAt: data.incident.resolvedAt, endedAt, durationMs },
    summary,
    phases: reportPhases({ phases: data.definition?.phases ?? [], startedAt, criterionStates: data.criterionStates, timeline: data.timeline, endedAt }),
    timeline,
    criteria,
    tests: testsOf(data),
    impact,
    records: data.records.map((r) => ({ id: r.id, action: r.action, at: r.confirmedAt, by: r.confirmedBy, team: r.team, reason: r.reason, hash: r.hash, previousHash: r.previousHash })),
  };
}
