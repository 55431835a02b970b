import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startInstance, type Instance } from "../support/instances";
import { E2E_TOKENS_ENV } from "./tokens";

// A second `next start` beside Playwright's own server: the demo config with the lab off, scheduled probing
// off, a data dir of its own. For specs whose server must differ (publicRead) or must not be shared (floods).

/** A running copy of the demo; `stop()` ends it and removes its directory. */
export interface DemoCopy {
  server: Instance;
  stop(): Promise<void>;
}

/** Starts the demo config on `port`, after `edit` (default: none) has changed its YAML text. */
export async function startDemoCopy(port: number, prefix: string, edit: (yaml: string) => string = (yaml) => yaml): Promise<DemoCopy> {
  const dir = mkdtempSync(path.join(os.tmpdir(), `handback-${prefix}-`));
  const demo = readFileSync(path.join(process.cwd(), "examples", "issue-1278.yaml"), "utf8");
  writeFileSync(path.join(dir, "incident.yaml"), edit(demo.replace(/lab:\n {2}enabled: true/, "lab:\n  enabled: false")));
  const env = { HANDBACK_CONFIG: path.join(dir, "incident.yaml"), HANDBACK_DATA_DIR: path.join(dir, "data"), HANDBACK_TOKENS: E2E_TOKENS_ENV, HANDBACK_SCHEDULER: "off" };
  try {
    const server = await startInstance({ port, env });
    return { server, stop: async () => void (await server.stop(), rmSync(dir, { recursive: true, force: true })) };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
