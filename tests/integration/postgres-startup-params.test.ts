import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPostgres } from "@/lib/db/postgres";
import { runProbe } from "@/lib/probes";
import { startStartupGate, type StartupGate } from "@/tests/support/pg-startup-gate";
import { requireService } from "@/tests/support/services";

// Behind PgBouncer a startup packet may only carry the parameters it knows: statement_timeout there is
// refused before authentication. The probe and the DATABASE_URL pool must connect through it.

const postgres = await requireService("PostgreSQL", "TEST_DATABASE_URL");
const title = postgres.url ? "PostgreSQL behind a PgBouncer-like startup check" : `PgBouncer startup check SKIPPED: ${postgres.skipReason}`;

describe.skipIf(postgres.url === null)(title, () => {
  let gate: StartupGate;
  let gatedUrl = "";
  beforeAll(async () => {
    const upstream = new URL(postgres.url ?? "");
    gate = await startStartupGate({ host: upstream.hostname, port: Number(upstream.port) || 5432 });
    upstream.hostname = "127.0.0.1";
    upstream.port = String(gate.port);
    gatedUrl = upstream.toString();
  });
  afterAll(() => gate.close());

  it("refuses a client that sends statement_timeout at startup (the check itself works)", async () => {
    const client = new pg.Client({ connectionString: gatedUrl, statement_timeout: 1_000 });
    await expect(client.connect()).rejects.toMatchObject({ code: "08P01" });
    await client.end().catch(() => {});
  });

  it("the postgres probe connects and runs its query; its startup carries only known parameters", async () => {
    const result = await runProbe({ type: "postgres", url: gatedUrl, query: "SELECT 1" }, { timeoutMs: 2_000 });
    expect(result).toMatchObject({ ok: true, observations: { CONNECTED: true, ROWS: 1 } });
    expect(gate.startups.at(-1)).not.toContain("statement_timeout");
  });

  it("the DATABASE_URL pool connects and still has its statement_timeout, set after connecting", async () => {
    const db = openPostgres(gatedUrl, { statementTimeoutMs: 7_000 });
    try {
      await db.ping();
      const [timeout] = await db.query<{ statement_timeout: string }>("SHOW statement_timeout");
      const [idle] = await db.query<{ idle_in_transaction_session_timeout: string }>("SHOW idle_in_transaction_session_timeout");
      expect(timeout?.statement_timeout).toBe("7s");
      expect(idle?.idle_in_transaction_session_timeout).toBe("14s");
    } finally {
      await db.close();
    }
  });
});
