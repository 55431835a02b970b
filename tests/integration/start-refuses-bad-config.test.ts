import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

// `npm start` must refuse an invalid incident config before building or serving anything.
const dir = mkdtempSync(path.join(os.tmpdir(), "handback-start-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function start(configText: string, env: Record<string, string> = {}) {
  const file = path.join(dir, `config-${Math.random().toString(16).slice(2)}.yaml`);
  writeFileSync(file, configText);
  return spawnSync(process.execPath, ["bin/start.mjs"], {
    env: { ...process.env, HANDBACK_CONFIG: file, PORT: "1", ...env },
    encoding: "utf8",
    timeout: 30_000,
  });
}

describe("npm start with an invalid config", () => {
  it("exits 2 and lists each problem with its path and line", () => {
    const result = start(
      ["incident: { id: X, title: T, severity: P9, startedAt: 2025-09-16T08:00:00Z }", "teams: [{ id: infra }]", "components:", "  - id: a", "    probe: { type: gopher, url: x }", ""].join("\n"),
    );
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/incident\.severity: .+ \(line 1\)/);
    expect(result.stderr).toMatch(/components\.0\.probe\.type: .+ \(line 5\)/);
    expect(result.stdout).not.toMatch(/Next\.js|building/i);
  });

  it("exits 2 when a referenced environment variable is missing", () => {
    const result = start(
      ["incident: { id: X, title: T, severity: P1, startedAt: 2025-09-16T08:00:00Z }", "teams: [{ id: infra }]", "components:", "  - id: db", '    probe: { type: postgres, url: "${HANDBACK_TEST_UNSET_DB_URL}" }', ""].join("\n"),
    );
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/components\.0\.probe\.url: .*HANDBACK_TEST_UNSET_DB_URL.* \(line 5\)/);
  });
});
