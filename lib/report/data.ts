import "server-only";
import {
  getCriterionStates, getIncident, getIncidentDefinition, listHandbackRecords, listIncidentTestRuns, listTimeline, listTransitions, type CriterionStateRow,
  type DbQuery, type IncidentRow, type TestRunRow, type TimelineEvent, type TransitionRow,
} from "../db";
import { AppError } from "../errors";
import { recordOf, type HandbackRecord } from "../handback/record";
import { readDefinition, type ReportDefinition } from "./definition";

// Everything a report is built from, read from storage only (never the running config), so a past
// incident's report is the same bytes whatever the server runs now.

/** The stored facts of one incident. */
export interface ReportData {
  incident: IncidentRow;
  definition: ReportDefinition | null;
  timeline: TimelineEvent[];
  transitions: TransitionRow[];
  criterionStates: CriterionStateRow[];
  testRuns: TestRunRow[];
  records: HandbackRecord[];
}

const PAGE = 1_000;
const MAX_TRANSITIONS = 1_000_000;

/** The whole timeline of an incident, oldest first, read page by page. */
export async function readWholeTimeline(db: DbQuery, incidentId: string): Promise<TimelineEvent[]> {
  const all: TimelineEvent[] = [];
  for (;;) {
    const page = await listTimeline(db, incidentId, { afterId: all.at(-1)?.id ?? 0, limit: PAGE });
    all.push(...page);
    if (page.length < PAGE) return all;
  }
}

/** Reads one incident's report data; 404 when the store never saw the incident. */
export async function readReportData(db: DbQuery, incidentId: string): Promise<ReportData> {
  const incident = await getIncident(db, incidentId);
  if (!incident) throw new AppError("NOT_FOUND", `no incident with id "${incidentId}"`);
  const definition = readDefinition(await getIncidentDefinition(db, incidentId));
  const timeline = await readWholeTimeline(db, incidentId);
  const transitions = (await listTransitions(db, incidentId, undefined, MAX_TRANSITIONS)).reverse();
  const criterionStates = await getCriterionStates(db, incidentId);
  const testRuns = await listIncidentTestRuns(db, incidentId);
  const records = (await listHandbackRecords(db, incidentId)).flatMap((row) => recordOf(row) ?? []);
  return { incident, definition, timeline, transitions, criterionStates, testRuns, records };
}
