import "server-only";
import type { ProbeConfig, ProbeType } from "../config";
import { probeBrowser } from "./browser";
import { probeCommand } from "./command";
import { probeDns } from "./dns";
import { probeHttp } from "./http";
import { probePostgres } from "./postgres";
import { probeRedis } from "./redis";
import { scrubListOf, scrubResult } from "./secrets";
import { probeTcp } from "./tcp";
import { probeTls } from "./tls";
import { trimResult } from "./trim";
import type { ProbeContext, ProbeFn, ProbeResult } from "./types";
import { probeWebsocket } from "./websocket";

// The one registry of probe types (docs/architecture.md "Conventions"): adding a type is one new file and one line here.

/** Every probe implementation, by type. */
const PROBES = {
  http: probeHttp,
  tls: probeTls,
  tcp: probeTcp,
  dns: probeDns,
  postgres: probePostgres,
  redis: probeRedis,
  websocket: probeWebsocket,
  command: probeCommand,
  browser: probeBrowser,
} satisfies { [T in ProbeType]: ProbeFn<T> };

/** Runs one probe under its hard deadline and returns a result with every secret of its config and the server scrubbed. */
export async function runProbe(probe: ProbeConfig, context: ProbeContext): Promise<ProbeResult> {
  // TypeScript cannot correlate probe.type with the registry entry's parameter type; the satisfies above can.
  const run = PROBES[probe.type] as (probe: ProbeConfig, context: ProbeContext) => Promise<ProbeResult>;
  const checkedAt = new Date().toISOString();
  let result: ProbeResult;
  try {
    result = await run(probe, context);
  } catch (error) {
    // Only a bug gets here: every probe turns failing targets into results itself.
    const name = error instanceof Error ? error.name : "Error";
    result = { ok: false, latencyMs: 0, checkedAt, error: { code: "NETWORK_ERROR", message: `probe crashed (${name})` }, observations: {} };
  }
  // Scrub first, cut after: a secret cut in half at a cap would keep its prefix (issue 10, bug 14).
  return trimResult(scrubResult(result, scrubListOf(probe)));
}

export { MAX_BODY_BYTES, MAX_MESSAGE_CHARS, MAX_OUTPUT_BYTES, MAX_TEXT_BYTES, trimResult } from "./trim";
export { scrubResult, secretsOf } from "./secrets";
export { browserPids, chromiumProblem, closeBrowsers } from "./browser/pool";
export type * from "./types";
