import "server-only";
import { EXIT, USAGE, type CliContext } from "./context";
import { runProbeCommand } from "./probe";
import { runValidate } from "./validate";
import { runReport } from "./report";
import { runVerify } from "./verify";
import { runWorker } from "./worker";

// Subcommand dispatch for `handback`: one table entry per command.

type Command = (args: readonly string[], context: CliContext) => number | Promise<number>;

const COMMANDS: Record<string, Command> = { validate: runValidate, probe: runProbeCommand, worker: (args, context) => runWorker(args, context), verify: runVerify, report: runReport };

/** Runs the CLI for `argv` (without node and the script) and returns the exit code. */
export async function runCli(argv: readonly string[], context: CliContext): Promise<number> {
  const [name, ...args] = argv;
  if (name === "-h" || name === "--help" || name === "help") {
    context.stdout(USAGE);
    return EXIT.ok;
  }
  const command = name === undefined ? undefined : COMMANDS[name];
  if (!command) {
    context.stderr(name === undefined ? "handback: missing command" : `handback: unknown command "${name}"`);
    context.stderr(USAGE);
    return EXIT.usage;
  }
  return command(args, context);
}
