import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runWorker } from "@/lib/cli/worker";
import type { CliContext } from "@/lib/cli/context";
import { listResults, openDb } from "@/lib/db";
import { startHttpTarget, type HttpTarget } from "@/lib/lab";
import { createPostgresTarget, type DbTarget } from "../support/db-targets";
import { requireService } from "../support/services";

// `handback worker --location NAME [FILE]`: probes only, into the server's PostgreSQL, tagged with NAME.
const postgres = await requireService("PostgreSQL", "TEST_DATABASE_URL");
const repoRoot = path.resolve(import.meta.dirname, "../..");
const dir = mkdtempSync(path.join(tmpdir(), "handback-worker-"));
let http: HttpTarget;
let configFile: string;

function contextWith(env: Record<string, string | undefined>) {
  const out: string[] = [];
  const err: string[] = [];
  const context: CliContext = { env, cwd: dir, repoRoot, stdout: (line) => out.push(line), stderr: (line) => err.push(line) };
  return { context, out, err };
}

beforeAll(async () => {
  http = await startHttpTarget();
  configFile = path.join(dir, "incident.yaml");
  writeFileSync(
    configFile,
    `incident: { id: W-1, title: Worker test, severity: P1, startedAt: 2025-01-01T00:00:00Z }
teams: [{ id: infra }]
defaults: { interval: 300ms, timeout: 250ms, failureThreshold: 1, successThreshold: 1 }
components:
  - id: api
    probe: { type: http, url: "${http.url("/health")}" }
    conditions: ["[STATUS] == 200"]
`,
  );
});

afterAll(async () => {
  await http?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("handback worker", () => {
  it.each([
    [[], /--location NAME is required/],
    [["--location"], /--location NAME is required/],
    [["--location", "eu west"], /use letters, digits/],
    [["--location", "eu", "a.yaml", "b.yaml"], /at most one FILE/],
    [["--location", "eu", "--port", "1"], /unknown option --port/],
  ])("refuses %j with a usage error (64)", async (args, message) => {
    const { context, err } = contextWith({ DATABASE_URL: "postgres://unused" });
    expect(await runWorker(args, context, async () => undefined)).toBe(64);
    expect(err.join("\n")).toMatch(message);
  });

  it("exits 2 when DATABASE_URL is unset: a worker must share the server's database", async () => {
    const { context, err } = contextWith({});
    expect(await runWorker(["--location", "eu", configFile], context, async () => undefined)).toBe(2);
    expect(err.join("\n")).toMatch(/DATABASE_URL is not set/);
  });

  it.skipIf(postgres.skipReason !== null)("probes on schedule, stores results with its location, logs status changes and stops cleanly", async () => {
    const target: DbTarget = await createPostgresTarget(postgres.url!);
    try {
      const { context, out } = contextWith({ DATABASE_URL: target.options.databaseUrl });
      const code = await runWorker(["--location=eu", configFile], context, () => sleep(1_500));
      expect(code).toBe(0);
      expect(out.join("\n")).toMatch(/eu api: start → operational/);
      const db = await openDb(target.options);
      try {
        const rows = await listResults(db, "W-1", "api");
        expect(rows.length).toBeGreaterThanOrEqual(3);
        expect(rows.every((row) => row.location === "eu" && row.slot !== null && row.status === "operational")).toBe(true);
      } finally {
        await db.close();
      }
    } finally {
      await target.cleanup();
    }
  }, 30_000);
});
