import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { toStorageError } from "@/lib/db/errors";
import { startHttpTarget, type HttpTarget } from "@/lib/lab";
import { log } from "@/lib/log";
import { runProbe } from "@/lib/probes";
import { registerSecrets } from "@/lib/redact";

// The process-wide scrub list (issue 10): server secrets and every value `${ENV}` put into the config are
// masked in probe results, log lines and storage errors, though no probe config names them.
const TOKEN = "tok-ci-5f0e1d2c3b4a6978";
const SESSION = "session-secret-6a1f0c9e8d7b5a4c3e2f1a0b";
const DB_PASSWORD = "db-Pa55-server-only";
const INTERPOLATED = "interpolated-api-key-93c1";
const ALL = [TOKEN, SESSION, DB_PASSWORD, INTERPOLATED];

let target: HttpTarget;
beforeAll(async () => {
  registerSecrets(
    { HANDBACK_TOKENS: `ci:infra:${TOKEN}`, HANDBACK_SESSION_SECRET: SESSION, DATABASE_URL: `postgres://app:${DB_PASSWORD}@db:5432/x` },
    [INTERPOLATED],
  );
  // A target that serves every one of them, as a leaky debug endpoint would.
  target = await startHttpTarget({ routes: { "/leak": { leaked: ALL } } });
});
afterAll(async () => {
  vi.restoreAllMocks();
  await target.close();
});

describe("server secrets and interpolated values", () => {
  it("are masked in a probe result whose config does not hold them", async () => {
    const result = await runProbe({ type: "http", url: target.url("/leak"), method: "GET", headers: {}, followRedirects: false }, { timeoutMs: 1_000 });
    expect(result.observations.STATUS).toBe(200);
    const text = JSON.stringify(result);
    expect(text).toContain("***");
    for (const secret of ALL) expect(text).not.toContain(secret);
  });

  it("are masked in log lines", () => {
    const lines: string[] = [];
    vi.spyOn(console, "log").mockImplementation((line: unknown) => void lines.push(String(line)));
    vi.spyOn(console, "error").mockImplementation((line: unknown) => void lines.push(String(line)));
    log.info(`started with ${TOKEN} and ${SESSION}`);
    log.error(`config value ${INTERPOLATED}, storage password ${DB_PASSWORD}`);
    expect(lines).toHaveLength(2);
    for (const secret of ALL) expect(lines.join("\n")).not.toContain(secret);
  });

  it("are masked in storage error messages", () => {
    const driverError = Object.assign(new Error(`syntax error near "${TOKEN}" (${INTERPOLATED})`), { code: "42601", severity: "ERROR" });
    const error = toStorageError(driverError, "PostgreSQL");
    expect(error.code).toBe("QUERY_FAILED");
    for (const secret of ALL) expect(error.message).not.toContain(secret);
  });
});
