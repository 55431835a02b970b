// What a CLI command may touch: its output streams, the environment and where it runs. Passed in, so
// commands stay testable and only the entry point reads process.env.

/** The outside world of one CLI run. */
export interface CliContext {
  env: Record<string, string | undefined>;
  cwd: string;
  repoRoot: string;
  stdout: (line: string) => void;
  stderr: (line: string) => void;
}

/** Exit codes: success, a config with problems, and a command line that could not be understood (sysexits EX_USAGE). */
export const EXIT = { ok: 0, someDown: 1, invalidConfig: 2, usage: 64 } as const;

/** The help text shown by --help and after a usage error. */
export const USAGE = `Usage: handback <command> [options]

Commands:
  validate [FILE]   check an incident config and list every problem (exit 2 if there is one)
                    FILE defaults to $HANDBACK_CONFIG, else the bundled demo examples/issue-1278.yaml
  probe [FILE]      run every probe once and print a table (exit 1 if any component is down)
  worker --location NAME [FILE]
                    probes only, no web server, results tagged with NAME (needs DATABASE_URL)
  report [--incident ID] [--format md|json]
                    print the post-incident report (Markdown by default) from the store
  verify [--incident ID]
                    check the hash chain of the handback records (exit 1 names an altered record)

Options:
  -h, --help        show this help

Exit codes: 0 ok, 1 a component is down (probe), 2 invalid config, 64 usage error.`;
