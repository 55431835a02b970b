import "server-only";
import type { DbQuery } from "../db";
import { buildReport, type Report } from "./build";
import { readReportData } from "./data";
import { renderMarkdown } from "./markdown";

// One entry for the API, the CLI and the pages: read the stored facts, build, render.

/** The report formats. */
export const REPORT_FORMATS = ["md", "json"] as const;
/** One of REPORT_FORMATS. */
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** The report of one incident as data. */
export async function readReport(db: DbQuery, incidentId: string): Promise<Report> {
  return buildReport(await readReportData(db, incidentId));
}

/** The report as text: Markdown, or JSON (pretty, one trailing newline). */
export async function renderReport(db: DbQuery, incidentId: string, format: ReportFormat): Promise<string> {
  const report = await readReport(db, incidentId);
  return format === "md" ? renderMarkdown(report) : `${JSON.stringify(report, null, 2)}\n`;
}
