import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

// HANDBACK_CA_FILE and HANDBACK_DNS_SERVERS are checked like the config: `handback validate` (and so
// `npm start`, which runs it before building) and `handback probe` exit 2 naming the variable.

const repoRoot = path.resolve(import.meta.dirname, "../..");
const dir = mkdtempSync(path.join(tmpdir(), "handback-cli-env-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runHandback(command: string, env: Record<string, string>) {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, HANDBACK_DATA_DIR: dir, ...env };
  delete childEnv.HANDBACK_CONFIG;
  return spawnSync(process.execPath, [path.join(repoRoot, "bin/handback.mjs"), command, config], {
    cwd: repoRoot,
    env: childEnv,
    encoding: "utf8",
    timeout: 60_000,
  });
}

const notPem = path.join(dir, "notes.txt");
writeFileSync(notPem, "not a certificate\n");
const config = path.join(dir, "incident.yaml");
writeFileSync(
  config,
  "incident: { id: E-1, title: Env, severity: P2, startedAt: 2025-01-01T00:00:00Z }\nteams: [{ id: infra }]\n" +
    "components:\n  - id: api\n    probe: { type: tcp, host: 127.0.0.1, port: 9 }\n",
);

describe("probe environment variables", () => {
  it.each([
    ["validate", { HANDBACK_CA_FILE: path.join(dir, "missing.pem") }, /HANDBACK_CA_FILE: cannot read file .*missing\.pem: file not found/],
    ["validate", { HANDBACK_CA_FILE: notPem }, /HANDBACK_CA_FILE: is not a PEM certificate/],
    ["validate", { HANDBACK_DNS_SERVERS: "dns.example.com" }, /HANDBACK_DNS_SERVERS: dns\.example\.com: must be an IP address/],
    ["probe", { HANDBACK_CA_FILE: path.join(dir, "missing.pem") }, /HANDBACK_CA_FILE: cannot read file/],
  ])("handback %s exits 2 for %j", (command, env, message) => {
    const run = runHandback(command, env);
    expect(run.stderr).toMatch(message);
    expect(run.status).toBe(2);
  });
});
