import "server-only";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { formatProblem, loadConfigFile, type ComponentConfig, type IncidentConfig } from "../config";
import { DataDirLockedError, lockDataDir, type DataDirLock } from "../data-dir-lock";
import { labCaPath, startDemoLab } from "../lab/demo-lab";
import { judgeResult } from "../engine/judge";
import { keptHeaders } from "../engine/kept-headers";
import { closeBrowsers, runProbe } from "../probes";
import { chromiumWarning } from "../probes/browser/warning";
import type { ProbeSettings } from "../probes/settings";
import type { ComponentStatus } from "../types";
import { EXIT, USAGE, type CliContext } from "./context";
import { cliProbeSettings } from "./probe-settings";
import { chooseConfigPath } from "./validate";
import { notifySecretsOf } from "../config/notify-schema";
import { registerSecrets } from "../redact";

// `handback probe [FILE]`: every probe once, in parallel, as a table; exit 1 when any component is down.
// One run has no streak, so the verdict is the status: a failing check is down.

const STATUS: Record<ReturnType<typeof judgeResult>["verdict"], ComponentStatus> = {
  pass: "operational",
  degraded: "degraded",
  fail: "down",
  unknown: "unknown",
};

interface Row {
  component: string;
  status: string;
  latency: string;
  error: string;
}

async function probeOnce(component: ComponentConfig, settings: ProbeSettings): Promise<Row> {
  const result = await runProbe(component.probe, { ...settings, timeoutMs: component.timeout, keepHeaders: keptHeaders(component) });
  const judgement = judgeResult(component, result);
  return {
    component: component.id,
    status: STATUS[judgement.verdict],
    latency: `${Math.round(result.latencyMs)} ms`,
    error: judgement.error ? `${judgement.error.code}: ${judgement.error.message}`.slice(0, 160) : "",
  };
}

/** The lab this run probes: its own (closed afterwards) or another process's, and the CA to trust. */
interface ProbedLab {
  ca?: string[];
  close(): Promise<void>;
}

/** Probes the lab another process runs, trusting the CA it left in the data dir. */
async function otherProcessLab(dataDir: string): Promise<ProbedLab> {
  const ca = await readFile(labCaPath(dataDir), "utf8").catch(() => null);
  return { ca: ca ? [ca] : undefined, close: async () => undefined };
}

/**
 * With `lab.enabled`, the CLI starts the fault lab itself (no scenario: every fault healthy) so the demo
 * can be probed from a terminal. It first locks the data dir, whose lab store only one process may open;
 * when a server holds it (or the lab's ports are taken), it probes the running lab instead.
 */
async function startLabIfEnabled(config: IncidentConfig, context: CliContext): Promise<ProbedLab> {
  if (!config.lab.enabled) return { close: async () => undefined };
  const dataDir = path.resolve(context.cwd, context.env.HANDBACK_DATA_DIR ?? ".handback");
  let lock: DataDirLock;
  try {
    lock = lockDataDir(dataDir, "handback probe");
  } catch (error) {
    if (!(error instanceof DataDirLockedError)) throw error;
    context.stderr(`handback probe: ${error.message}; probing the fault lab it runs`);
    return otherProcessLab(dataDir);
  }
  try {
    const instance = await startDemoLab({ ...config.lab, scenario: undefined }, dataDir);
    return { ca: [instance.caPem], close: async () => (await instance.close(), lock.release()) };
  } catch (error) {
    lock.release();
    if ((error as NodeJS.ErrnoException).code !== "EADDRINUSE") throw error;
    context.stderr("handback probe: the fault lab's ports are taken (a server on another data dir?); probing it");
    return otherProcessLab(dataDir);
  }
}

/** Formats rows as an aligned plain-text table with a header. */
function formatTable(rows: Row[]): string[] {
  const header: Row = { component: "COMPONENT", status: "STATUS", latency: "LATENCY", error: "ERROR" };
  const all = [header, ...rows];
  const width = (key: keyof Row) => Math.max(...all.map((row) => row[key].length));
  const [c, s, l] = [width("component"), width("status"), width("latency")];
  return all.map((row) => `${row.component.padEnd(c)}  ${row.status.padEnd(s)}  ${row.latency.padStart(l)}  ${row.error}`.trimEnd());
}

/** Runs `probe` with its arguments and returns the exit code (0 none down, 1 some down, 2 bad config). */
export async function runProbeCommand(args: readonly string[], context: CliContext): Promise<number> {
  if (args.includes("-h") || args.includes("--help") || args.length > 1 || args.some((arg) => arg.startsWith("-"))) {
    context.stdout(USAGE);
    return args.includes("-h") || args.includes("--help") ? EXIT.ok : EXIT.usage;
  }
  const loaded = loadConfigFile(chooseConfigPath(args[0], context), context.env);
  if (!loaded.ok) {
    for (const problem of loaded.problems) context.stderr(formatProblem(problem));
    return EXIT.invalidConfig;
  }
  const settings = cliProbeSettings(context);
  if (!settings) return EXIT.invalidConfig;
  registerSecrets(context.env, [...loaded.interpolated, ...notifySecretsOf(loaded.config.notify)]);
  const warning = settings.browser ? chromiumWarning(loaded.config.components, settings.browser.chromiumPath) : null;
  if (warning) context.stderr(`handback: warning: ${warning}`);
  const lab = await startLabIfEnabled(loaded.config, context);
  const ca = [...(lab.ca ?? []), ...(settings.ca ?? [])];
  const rows = await Promise.all(loaded.config.components.map((component) => probeOnce(component, { ...settings, ca: ca.length > 0 ? ca : undefined })));
  await Promise.all([lab.close(), closeBrowsers()]); // browser probes share one Chromium: it ends with the run
  for (const line of formatTable(rows)) context.stdout(line);
  const down = rows.filter((row) => row.status === "down").length;
  context.stdout(`${rows.length} components: ${down} down, ${rows.filter((row) => row.status === "operational").length} operational`);
  return down > 0 ? EXIT.someDown : EXIT.ok;
}
