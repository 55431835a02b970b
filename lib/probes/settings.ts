import "server-only";
import type { ProbeEnv } from "../env";
import type { ProbeContext } from "./types";

// What every probe of one process shares, from its environment: the server, a worker and `handback probe`
// build it the same way.

/** Process-wide probe settings: extra trusted CAs and the DNS servers for target names. */
export type ProbeSettings = Pick<ProbeContext, "ca" | "dnsServers">;

/** The settings for `env`; `extraCa` (the fault lab's CA) is trusted besides. */
export function loadProbeSettings(env: ProbeEnv, extraCa: readonly string[] = []): ProbeSettings {
  const ca = [...extraCa];
  return { ca: ca.length > 0 ? ca : undefined, dnsServers: env.HANDBACK_DNS_SERVERS };
}
