import "server-only";
import { spawn, type ChildProcess } from "node:child_process";
import { commandBaseEnv } from "../env";
import { withDeadline, type Outcome, type ProbeScope } from "./deadline";
import { failureOf } from "./errors";
import { MAX_OUTPUT_BYTES, SCRUB_MARGIN_BYTES } from "./trim";
import type { ProbeFn } from "./types";

// Runs a program WITHOUT a shell, in its own process group, so a timeout can kill everything it started.

// OUTPUT keeps MAX_OUTPUT_BYTES of stdout; the rest is read and dropped so the child never blocks. Both
// streams are captured a margin past their cap: runProbe scrubs secrets, then cuts (lib/probes/trim.ts).
const MAX_STDERR_BYTES = 4 * 1024;

/** Collects a stream up to `cap` bytes while draining the rest. */
function capture(stream: NodeJS.ReadableStream | null, cap: number): () => string {
  const chunks: Buffer[] = [];
  let size = 0;
  stream?.on("data", (chunk: Buffer) => {
    if (size >= cap) return;
    const kept = chunk.subarray(0, cap - size);
    chunks.push(kept);
    size += kept.length;
  });
  stream?.on("error", () => {});
  return () => Buffer.concat(chunks).toString("utf8");
}

/** Kills the child's whole process group (negative pid); ESRCH means it is already gone. */
function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, "SIGKILL");
  } catch {
    // ESRCH: every process of the group has exited already.
  }
}

/**
 * The outcome once the process has exited and its pipes have closed. The message says why: stderr's first
 * lines, else stdout's first line (a Nagios plugin prints its status text there, "UNKNOWN - no answer").
 */
function exitOutcome(code: number | null, signal: NodeJS.Signals | null, stderr: string, stdout: string): Outcome {
  if (code === 0) return { ok: true };
  const detail = stderr.trim().split("\n").slice(0, 3).join(" | ") || (stdout.trim().split("\n")[0] ?? "");
  const how = code === null ? `was killed by ${signal ?? "a signal"}` : `exited with code ${code}`;
  return { ok: code !== null, error: { code: "EXIT_CODE", message: detail ? `${how}: ${detail}` : how } };
}

/** Spawns the command and resolves when it has exited and its output is read. */
function runCommand(probe: Parameters<ProbeFn<"command">>[0], scope: ProbeScope): Promise<Outcome> {
  const [program = "", ...args] = probe.command;
  // The program comes from the incident config, not the bundle: tell Turbopack not to trace it.
  const child = spawn(/* turbopackIgnore: true */ program, args, {
    detached: true,
    // Not the server's environment (tokens, session secret, DATABASE_URL): PATH, HOME, LANG and its own env.
    // (Next's types declare NODE_ENV required in every ProcessEnv; a child needs none.)
    env: { ...commandBaseEnv(), ...probe.env } as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  scope.onCleanup((reason) => {
    if (reason === "done") return;
    killGroup(child);
    // A descendant that left the group (setsid) may still hold the pipes: stop reading them anyway.
    child.stdout?.destroy();
    child.stderr?.destroy();
  });
  const stdout = capture(child.stdout, MAX_OUTPUT_BYTES + SCRUB_MARGIN_BYTES);
  const stderr = capture(child.stderr, MAX_STDERR_BYTES + SCRUB_MARGIN_BYTES);
  const showOutput = () => (scope.observations.OUTPUT = stdout().trim());
  scope.onCleanup(showOutput);
  return new Promise<Outcome>((resolve) => {
    let failed = false;
    child.once("error", (error) => {
      failed = true;
      resolve(failureOf(error, "SPAWN_FAILED"));
    });
    // A background grandchild holding the pipes would delay "close"; the probe owns the whole group.
    child.once("exit", () => killGroup(child));
    child.once("close", (code: number | null, signal: NodeJS.Signals | null) => {
      if (failed) return;
      scope.observations.EXIT_CODE = code;
      showOutput();
      resolve(exitOutcome(code, signal, stderr(), stdout()));
    });
  });
}

/** Runs a command: EXIT_CODE and OUTPUT (trimmed stdout, capped). ok when it exited by itself, any code. */
export const probeCommand: ProbeFn<"command"> = (probe, context) =>
  withDeadline(context, (scope) => runCommand(probe, scope));
