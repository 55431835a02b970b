import "server-only";
import path from "node:path";
import { defaultConfigPath, formatProblem, loadConfigFile, type IncidentConfig } from "../config";
import { parseTokens } from "../auth/tokens";
import { EXIT, USAGE, type CliContext } from "./context";
import { cliProbeSettings } from "./probe-settings";

// `handback validate [FILE]`: every problem to stderr and exit 2, or one summary line to stdout and exit 0.

/** The config file for a command: the argument, else HANDBACK_CONFIG, else the bundled demo. */
export function chooseConfigPath(file: string | undefined, context: CliContext): string {
  const chosen = file ?? context.env.HANDBACK_CONFIG;
  return chosen ? path.resolve(context.cwd, chosen) : defaultConfigPath(context.repoRoot);
}

/** The path as the user would type it from where they are, or absolute when it is elsewhere. */
function displayPath(absolute: string, cwd: string): string {
  const relative = path.relative(cwd, absolute);
  return relative === "" || relative.startsWith("..") || path.isAbsolute(relative) ? absolute : relative;
}

/** One line that says what the config describes, so a reviewer sees it loaded the incident they meant. */
function summarizeConfig(config: IncidentConfig): string {
  const count = (n: number, noun: string) => `${n} ${noun}`;
  return [
    `${config.incident.id} "${config.incident.title}"`,
    count(config.components.length, "components"),
    count(config.criteria.length, "criteria"),
    count(config.phases.length, "phases"),
    count(config.impact.segments.length, "segments"),
    count(config.impact.functions.length, "functions"),
    count(config.tests.suites.length, "suites"),
  ].join(", ");
}

/** Runs `validate` with its arguments (after the command name) and returns the exit code. */
export function runValidate(args: readonly string[], context: CliContext): number {
  if (args.includes("-h") || args.includes("--help")) {
    context.stdout(USAGE);
    return EXIT.ok;
  }
  const options = args.filter((arg) => arg.startsWith("-"));
  if (options.length > 0 || args.length > 1) {
    context.stderr(`handback validate: ${options.length > 0 ? `unknown option ${options[0]}` : "expects at most one FILE"}`);
    context.stderr(USAGE);
    return EXIT.usage;
  }
  const file = chooseConfigPath(args[0], context);
  const result = loadConfigFile(file, context.env);
  if (!result.ok) {
    for (const problem of result.problems) context.stderr(formatProblem(problem));
    return EXIT.invalidConfig;
  }
  const tokens = parseTokens(context.env.HANDBACK_TOKENS, result.config.teams.map((team) => team.id));
  if (!tokens.ok) {
    for (const problem of tokens.problems) context.stderr(`HANDBACK_TOKENS: ${problem}`);
    return EXIT.invalidConfig;
  }
  // HANDBACK_CA_FILE and HANDBACK_DNS_SERVERS: `npm start` refuses them here, before building.
  if (!cliProbeSettings(context)) return EXIT.invalidConfig;
  context.stdout(`${displayPath(file, context.cwd)}: valid — ${summarizeConfig(result.config)}`);
  return EXIT.ok;
}
