import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const repoRoot = path.resolve(import.meta.dirname, "../..");
const launcher = path.join(repoRoot, "bin/handback.mjs");
const tempDir = mkdtempSync(path.join(tmpdir(), "handback-cli-"));

/** Runs the real launcher as a user would, from `cwd`, without HANDBACK_CONFIG leaking in from the shell. */
function runHandback(args: string[], cwd = repoRoot, extraEnv: Record<string, string> = {}) {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extraEnv };
  if (!("HANDBACK_CONFIG" in extraEnv)) delete env.HANDBACK_CONFIG;
  return spawnSync(process.execPath, [launcher, ...args], { cwd, env, encoding: "utf8", timeout: 30_000 });
}

const BAD_CONFIG = `incident:
  id: T-1
  title: Broken
  severity: P7
  startedAt: 2025-01-01T00:00:00Z
teams: [{ id: infra }]
components:
  - id: api
    intervall: 30s
    dependsOn: [db]
    probe: { type: http, url: "ftp://example.com/" }
`;

describe("handback validate", () => {
  afterAll(() => rmSync(tempDir, { recursive: true, force: true }));

  it("accepts the demo config with one summary line and exit 0", () => {
    const run = runHandback(["validate", "examples/issue-1278.yaml"]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(
      'examples/issue-1278.yaml: valid — ISSUE-1278 "Staging infrastructure connectivity failures", ' +
        "12 components, 10 criteria, 4 phases, 5 segments, 5 functions, 4 suites\n",
    );
  });

  it("defaults to the bundled demo from any directory", () => {
    const run = runHandback(["validate"], tempDir);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/issue-1278\.yaml: valid — ISSUE-1278/);
  });

  it("lists every problem as `path: message (line N)` and exits 2", () => {
    const file = path.join(tempDir, "bad.yaml");
    writeFileSync(file, BAD_CONFIG);
    const run = runHandback(["validate", file]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    const lines = run.stderr.trim().split("\n");
    expect(lines).toEqual([
      expect.stringMatching(/^incident\.severity: .+ \(line 4\)$/),
      "components.0.intervall: unknown key \"intervall\" (line 9)",
      "components.0.probe.url: must be a http:// or https:// URL (line 11)",
    ]);
  });

  it("reads HANDBACK_CONFIG when no file is given", () => {
    const run = runHandback(["validate"], repoRoot, { HANDBACK_CONFIG: path.join(tempDir, "missing.yaml") });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^\(root\): cannot read config file .*missing\.yaml: file not found\n$/);
  });

  it.each([
    [["frobnicate"], /unknown command "frobnicate"/],
    [[], /missing command/],
    [["validate", "a.yaml", "b.yaml"], /at most one FILE/],
    [["validate", "--strict"], /unknown option --strict/],
  ])("rejects %j with usage and exit 64", (args, message) => {
    const run = runHandback(args);
    expect(run.status).toBe(64);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toMatch(/Usage: handback <command>/);
  });

  it("prints help with exit 0", () => {
    const run = runHandback(["--help"]);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/validate \[FILE\]/);
  });
});
