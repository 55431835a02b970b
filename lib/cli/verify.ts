import "server-only";
import { listHandbackRecords, listRecordIncidents } from "../db";
import { verifyChain } from "../handback/record";
import { EXIT, type CliContext } from "./context";
import { openCliStore } from "./store";

// `handback verify [--incident ID]`: recomputes every handback record's hash and checks each names its
// predecessor (docs/incidents.md "Verifying"). Exit 0 when every chain is intact, 1 when a row was altered.

const VERIFY_USAGE = `Usage: handback verify [--incident ID]
  Checks the hash chain of the handback records (all incidents, or one). Reads DATABASE_URL, else the
  PGlite store in HANDBACK_DATA_DIR (the server must be stopped). Exit 1 names every altered record.`;

/** `--incident ID` or nothing; a string is the usage error. */
export function parseIncidentArg(args: readonly string[], allowed: readonly string[] = []): { incident?: string; rest: Map<string, string> } | string {
  const rest = new Map<string, string>();
  let incident: string | undefined;
  for (let i = 0; i < args.length; i += 2) {
    const [flag, value] = [args[i]!, args[i + 1]];
    if (flag !== "--incident" && !allowed.includes(flag)) return `unknown argument ${flag}`;
    if (value === undefined || value.startsWith("--")) return `${flag} needs a value`;
    if (flag === "--incident") incident = value;
    else rest.set(flag, value);
  }
  return { incident, rest };
}

/** Runs `verify` and returns the exit code. */
export async function runVerify(args: readonly string[], context: CliContext): Promise<number> {
  if (args.includes("-h") || args.includes("--help")) {
    context.stdout(VERIFY_USAGE);
    return EXIT.ok;
  }
  const parsed = parseIncidentArg(args);
  if (typeof parsed === "string") {
    context.stderr(`handback verify: ${parsed}`);
    context.stderr(VERIFY_USAGE);
    return EXIT.usage;
  }
  const store = await openCliStore(context, "verify");
  if (!store) return EXIT.someDown;
  try {
    const incidents = parsed.incident ? [parsed.incident] : await listRecordIncidents(store.db);
    let broken = 0;
    for (const incidentId of incidents) {
      const rows = await listHandbackRecords(store.db, incidentId);
      const problems = verifyChain(rows);
      broken += problems.length;
      for (const problem of problems) context.stderr(`${problem.code} ${problem.message}`);
      context.stdout(`${incidentId}: ${rows.length} records, ${problems.length === 0 ? "chain intact" : `${problems.length} problems`}`);
    }
    if (incidents.length === 0) context.stdout("no handback records yet");
    return broken === 0 ? EXIT.ok : EXIT.someDown;
  } finally {
    await store.close();
  }
}
