import "server-only";
import { getIncidentDefinition, incidentMarks, lastFactAt, listIncidentSummaries, listTransitionsOf, storeIncidentSummary, type DbQuery, type IncidentRow, type IncidentSummaryRow } from "../db";
import { readDefinition } from "./definition";
import { impactComponents, summarizeIncident, type IncidentSummary } from "./measure";

// The archive's list (`GET /api/incidents`, /incidents; docs/incidents.md "The archive"): each incident
// with its state, duration and peak ARR at risk. The summary is stored (migration 019) and computed again
// only when the mark of its facts moved: a past incident once (final), the live one after new transitions
// or entries, reading only the transitions ARR at risk depends on. Nothing is summarised per request else.

/** One incident of the archive (`GET /api/incidents`). */
export interface ArchiveIncident extends IncidentRow {
  /** Start to resolution, else to the newest stored fact; the live unresolved incident counts to now. */
  durationMs: number | null;
  /** The live incident, not resolved: its duration runs on. */
  ongoing: boolean;
  /** The report's peak ARR at risk; null without a stored impact model. */
  peakArrAtRisk: number | null;
  peakAt: string | null;
  currency: string | null;
}

function storedSummary(row: IncidentSummaryRow, mark: string): IncidentSummary | null {
  const summary = row.summary as Partial<IncidentSummary> | null;
  return row.storedMark === mark && summary && typeof summary.endedAt === "string" ? (summary as IncidentSummary) : null;
}

async function summarize(db: DbQuery, row: IncidentSummaryRow, mark: string): Promise<IncidentSummary> {
  const definition = readDefinition(await getIncidentDefinition(db, row.id));
  const transitions = definition ? await listTransitionsOf(db, row.id, [...impactComponents(definition)]) : [];
  const summary = summarizeIncident({ incident: row, definition, transitions, lastFactAt: await lastFactAt(db, row.id) });
  await storeIncidentSummary(db, row.id, summary, mark);
  return summary;
}

/** Every incident, newest start first, with its duration and peak ARR at risk. */
export async function readArchive(db: DbQuery, live: { incidentId: string; now: Date }): Promise<ArchiveIncident[]> {
  const rows = await listIncidentSummaries(db);
  // Marks are read before any fact, so a fact stored meanwhile leaves the mark behind and is summarised next time.
  const marks = await incidentMarks(db, rows.map((row) => row.id));
  const out: ArchiveIncident[] = [];
  for (const row of rows) {
    const mark = marks.get(row.id) ?? "";
    const summary = storedSummary(row, mark) ?? (await summarize(db, row, mark));
    const { id, title, severity, state, startedAt, resolvedAt } = row;
    const ongoing = id === live.incidentId && resolvedAt === null && startedAt !== null;
    out.push({
      id, title, severity, state, startedAt, resolvedAt,
      durationMs: ongoing ? Math.max(0, live.now.getTime() - Date.parse(startedAt)) : summary.durationMs,
      ongoing,
      peakArrAtRisk: summary.peakArrAtRisk,
      peakAt: summary.peakAt,
      currency: summary.currency,
    });
  }
  return out;
}
