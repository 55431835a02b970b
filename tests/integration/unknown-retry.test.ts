import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openDb } from "@/lib/db";
import { startEngine } from "@/lib/engine/engine";
import { createLocalBus } from "@/lib/events/bus";
import { storageBackends } from "@/tests/support/db-targets";
import { requireService } from "@/tests/support/services";
import { parseValidConfig } from "../support/config-text";

// An UNKNOWN (exit 3: the check could not tell) is re-probed after retryInterval, as Nagios retries any
// non-OK state, instead of leaving the card Unknown for a whole interval (here 1 h); a component that stays
// unknown goes back to its interval after failureThreshold unknowns in a row (lib/engine/status-machine.ts).

const postgres = await requireService("PostgreSQL", "TEST_DATABASE_URL");

// The first run of each check exits 3; later ones report per `mode`: OK (exit 0) or UNKNOWN again.
const configFor = (marker: string, mode: "recovers" | "stays-unknown") =>
  parseValidConfig(`incident: { id: U-1, title: Unknown retry, severity: P1, startedAt: 2025-01-01T00:00:00Z }
teams: [{ id: infra }]
defaults: { interval: 1h, timeout: 2s, failureThreshold: 2, successThreshold: 1, retryInterval: 300ms }
components:
  - id: control-plane
    probe:
      type: command
      command: [sh, -c, 'echo run >> "$MARKER"; if [ "$MODE" = recovers ] && [ "$(wc -l < "$MARKER")" -gt 1 ]; then echo READY; exit 0; fi; echo "UNKNOWN - no answer"; exit 3']
      env: { MARKER: "${marker}", MODE: ${mode} }
    conditions: ["[EXIT_CODE] == 0"]
`);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(storageBackends(postgres))("an unknown result on $title", (backend) => {
  it.skipIf(backend.skipReason !== null)("is retried after retryInterval, not the 1 h interval, and stops after failureThreshold unknowns", async () => {
    const target = await backend.createTarget();
    const dir = mkdtempSync(path.join(os.tmpdir(), "handback-unknown-retry-"));
    const db = await openDb(target.options);
    try {
      for (const mode of ["recovers", "stays-unknown"] as const) {
        const marker = path.join(dir, `${mode}.log`);
        const statuses: string[] = [];
        const onChecked = ({ status }: { status: string }) => void statuses.push(status);
        const engine = await startEngine({ config: configFor(marker, mode), db, bus: createLocalBus(), concurrency: 1, onChecked });
        try {
          // First run within 5 s of start (lib/engine/scheduler.ts), the retry 300 ms after it; then 3 s more.
          await expect.poll(() => statuses.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
          await sleep(3_000);
        } finally {
          await engine.stop();
        }
        if (mode === "recovers") expect(statuses).toEqual(["unknown", "operational"]);
        // Two unknowns in a row (failureThreshold 2), then nothing until the interval: not one run per 300 ms.
        else expect(statuses).toEqual(["unknown", "unknown"]);
      }
    } finally {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
      await target.cleanup();
    }
  }, 60_000);
});
