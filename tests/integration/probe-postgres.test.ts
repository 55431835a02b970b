import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findRefusedPort, startTcpBlackhole, type TcpBlackhole } from "@/lib/lab";
import { runProbe } from "@/lib/probes";
import { expectDeadline } from "@/tests/support/probes";
import { requireService } from "@/tests/support/services";

const postgres = await requireService("PostgreSQL", "TEST_DATABASE_URL");
const withPostgres = it.skipIf(postgres.url === null);
const title = postgres.url ? "postgres probe (TEST_DATABASE_URL)" : `postgres probe — real server SKIPPED: ${postgres.skipReason}`;

/** The test database URL with a different user, password or database. */
function variant(change: { user?: string; password?: string; database?: string }): string {
  const url = new URL(postgres.url ?? "postgres://127.0.0.1:5432/test");
  if (change.user !== undefined) url.username = change.user;
  if (change.password !== undefined) url.password = change.password;
  if (change.database !== undefined) url.pathname = `/${change.database}`;
  return url.toString();
}

describe(title, () => {
  let blackhole: TcpBlackhole;
  beforeAll(async () => void (blackhole = await startTcpBlackhole()));
  afterAll(() => blackhole.close());

  withPostgres("runs the query: CONNECTED, RESPONSE_TIME and ROWS", async () => {
    const probe = { type: "postgres", url: postgres.url ?? "", query: "SELECT generate_series(1, 3)" } as const;
    const result = await runProbe(probe, { timeoutMs: 2_000 });
    expect(result).toMatchObject({ ok: true, observations: { CONNECTED: true, ROWS: 3 } });
    expect(result.observations.RESPONSE_TIME).toBeTypeOf("number");
  });

  withPostgres("reports AUTH_FAILED for an unknown role and never shows the password", async () => {
    const url = variant({ user: "handback_no_such_role", password: "pg-S3cret%2Fpass" });
    const result = await runProbe({ type: "postgres", url, query: "SELECT 1" }, { timeoutMs: 2_000 });
    expect(result).toMatchObject({ ok: false, error: { code: "AUTH_FAILED" }, observations: { CONNECTED: false } });
    expect(JSON.stringify(result)).not.toContain("pg-S3cret");
    expect(JSON.stringify(result)).not.toContain("pg-S3cret/pass");
  });

  withPostgres("reports DB_NOT_FOUND for a database that does not exist", async () => {
    const result = await runProbe({ type: "postgres", url: variant({ database: "handback_missing_db" }), query: "SELECT 1" }, { timeoutMs: 2_000 });
    expect(result).toMatchObject({ ok: false, error: { code: "DB_NOT_FOUND" } });
  });

  withPostgres("reports QUERY_FAILED for a failing query, still CONNECTED", async () => {
    const result = await runProbe({ type: "postgres", url: postgres.url ?? "", query: "SELECT * FROM handback_missing_table" }, { timeoutMs: 2_000 });
    expect(result).toMatchObject({ ok: false, error: { code: "QUERY_FAILED" }, observations: { CONNECTED: true } });
  });

  withPostgres("returns TIMEOUT by the deadline for a slow query (statement cancelled)", async () => {
    const probe = { type: "postgres", url: postgres.url ?? "", query: "SELECT pg_sleep(5)" } as const;
    const result = await expectDeadline("postgres pg_sleep(5)", probe, 500);
    expect(result.observations.CONNECTED).toBe(true);
  });

  it("returns TIMEOUT by the deadline for a silent server", async () => {
    const probe = { type: "postgres", url: `postgres://probe:pw-secret@127.0.0.1:${blackhole.port}/db`, query: "SELECT 1" } as const;
    const result = await expectDeadline("postgres silent server", probe, 500);
    expect(result.observations.CONNECTED).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 50));
  });

  it("reports ECONNREFUSED when nothing listens", async () => {
    const url = `postgres://probe@127.0.0.1:${await findRefusedPort()}/db`;
    const result = await runProbe({ type: "postgres", url, query: "SELECT 1" }, { timeoutMs: 1_000 });
    expect(result).toMatchObject({ ok: false, error: { code: "ECONNREFUSED" } });
  });
});
