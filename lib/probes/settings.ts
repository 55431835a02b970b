import "server-only";
import { readPem } from "../config/tls-material";
import type { ProbeEnv } from "../env";
import type { ProbeContext } from "./types";

// What every probe of one process shares, from its environment: the server, a worker and `handback probe`
// build it the same way.

/** Process-wide probe settings: extra trusted CAs and the DNS servers for target names. */
export type ProbeSettings = Pick<ProbeContext, "ca" | "dnsServers" | "browser">;

/** HANDBACK_CA_FILE cannot be used; the message names the variable and the file, never its content. */
export class ProbeSettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ProbeSettingsError";
  }
}

/** The settings for `env`; `extraCa` (the fault lab's CA) is trusted besides. Throws ProbeSettingsError. */
export function loadProbeSettings(env: Pick<ProbeEnv, "HANDBACK_CA_FILE" | "HANDBACK_DNS_SERVERS"> & Partial<ProbeEnv>, extraCa: readonly string[] = [], cwd = process.cwd()): ProbeSettings {
  const ca = [...extraCa];
  if (env.HANDBACK_CA_FILE) {
    try {
      // A PEM given inline is accepted too: readPem reads a value that is not one as a path.
      ca.push(readPem(env.HANDBACK_CA_FILE, "ca", cwd));
    } catch (error) {
      throw new ProbeSettingsError(`HANDBACK_CA_FILE: ${(error as Error).message}`);
    }
  }
  const browser = env.CHROMIUM_PATH ? { chromiumPath: env.CHROMIUM_PATH, concurrency: env.HANDBACK_BROWSER_CONCURRENCY ?? 2 } : undefined;
  return { ca: ca.length > 0 ? ca : undefined, dnsServers: env.HANDBACK_DNS_SERVERS, browser };
}
