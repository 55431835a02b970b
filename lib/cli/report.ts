import "server-only";
import { AppError } from "../errors";
import { listIncidents } from "../db";
import { REPORT_FORMATS, renderReport, type ReportFormat } from "../report";
import { EXIT, type CliContext } from "./context";
import { openCliStore } from "./store";
import { parseIncidentArg } from "./verify";

// `handback report [--incident ID] [--format md|json]`: the post-incident report to stdout, from storage only.

const REPORT_USAGE = `Usage: handback report [--incident ID] [--format md|json]
  Prints the post-incident report (default: Markdown of the most recently started incident). Reads
  DATABASE_URL, else the PGlite store in HANDBACK_DATA_DIR (the server must be stopped).`;

/** Runs `report` and returns the exit code. */
export async function runReport(args: readonly string[], context: CliContext): Promise<number> {
  if (args.includes("-h") || args.includes("--help")) {
    context.stdout(REPORT_USAGE);
    return EXIT.ok;
  }
  const parsed = parseIncidentArg(args, ["--format"]);
  const format = typeof parsed === "string" ? undefined : (parsed.rest.get("--format") ?? "md");
  if (typeof parsed === "string" || !REPORT_FORMATS.includes(format as ReportFormat)) {
    context.stderr(`handback report: ${typeof parsed === "string" ? parsed : `--format must be md or json, not "${format}"`}`);
    context.stderr(REPORT_USAGE);
    return EXIT.usage;
  }
  const store = await openCliStore(context, "report");
  if (!store) return EXIT.someDown;
  try {
    const incidentId = parsed.incident ?? (await listIncidents(store.db))[0]?.id;
    if (!incidentId) {
      context.stderr("handback report: the store holds no incident yet");
      return EXIT.someDown;
    }
    context.stdout((await renderReport(store.db, incidentId, format as ReportFormat)).replace(/\n$/, ""));
    return EXIT.ok;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    context.stderr(`handback report: ${error.code}: ${error.message}`);
    return EXIT.someDown;
  } finally {
    await store.close();
  }
}
