import "server-only";
import { readProbeEnv } from "../env";
import { loadProbeSettings, type ProbeSettings } from "../probes/settings";
import type { CliContext } from "./context";
import { messageOf } from "../message-of";

/** The probe settings of a CLI run from its environment; prints the problem and returns null when invalid. */
export function cliProbeSettings(context: CliContext, extraCa: readonly string[] = []): ProbeSettings | null {
  try {
    return loadProbeSettings(readProbeEnv(context.env), extraCa, context.cwd);
  } catch (error) {
    context.stderr(`handback: ${messageOf(error)}`);
    return null;
  }
}
