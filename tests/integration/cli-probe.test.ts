import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findRefusedPort, startHttpTarget, type HttpTarget } from "@/lib/lab";

// `handback probe FILE` against real loopback servers: a table on stdout, exit 1 when a component is down.
const dir = mkdtempSync(path.join(os.tmpdir(), "handback-cli-probe-"));
let http: HttpTarget;
let refused: number;

beforeAll(async () => {
  http = await startHttpTarget();
  refused = await findRefusedPort();
});
afterAll(async () => {
  await http?.close();
  rmSync(dir, { recursive: true, force: true });
});

function writeConfig(components: string): string {
  const file = path.join(dir, `c-${Math.random().toString(16).slice(2)}.yaml`);
  writeFileSync(
    file,
    `incident: { id: C-1, title: CLI, severity: P2, startedAt: 2025-01-01T00:00:00Z }\nteams: [{ id: infra }]\ndefaults: { timeout: 1s }\ncomponents:\n${components}`,
  );
  return file;
}

// Async spawn: the test process must keep serving the lab target while the CLI probes it.
function probe(file: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["bin/handback.mjs", "probe", file], { env: { ...process.env, HANDBACK_DATA_DIR: dir } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

describe("handback probe", () => {
  it("prints one row per component and exits 0 when none is down", async () => {
    const file = writeConfig(`  - id: api\n    probe: { type: http, url: "http://127.0.0.1:${http.port}/health" }\n    conditions: ["[STATUS] == 200"]\n`);
    const result = await probe(file);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^COMPONENT\s+STATUS\s+LATENCY\s+ERROR/m);
    expect(result.stdout).toMatch(/^api\s+operational\s+\d+ ms/m);
  });

  it("exits 1 and shows the error code when a component is down", async () => {
    const file = writeConfig(
      `  - id: api\n    probe: { type: http, url: "http://127.0.0.1:${http.port}/health" }\n  - id: gone\n    probe: { type: tcp, host: 127.0.0.1, port: ${refused} }\n`,
    );
    const result = await probe(file);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/^gone\s+down\s+\d+ ms\s+ECONNREFUSED/m);
    expect(result.stdout).toMatch(/2 components: 1 down, 1 operational/);
  });
});
