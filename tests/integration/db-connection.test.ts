import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb, StorageError, type Db } from "@/lib/db";
import { createPostgresTarget, withClient, type DbTarget } from "@/tests/support/db-targets";
import { requireService } from "@/tests/support/services";

// PostgreSQL connections that fail: refused, unparseable, a black hole, and a backend killed inside a
// transaction. Each gives STORAGE_UNAVAILABLE without the password, and nothing crashes the process.
// (Split from db.test.ts, which covers the tables on both stores.)

const postgres = await requireService("PostgreSQL", "TEST_DATABASE_URL");
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("PostgreSQL connection failures (loopback only, no server needed)", () => {
  const dataDir = "/unused";

  it.each([
    ["a refused port", "postgres://u:s3cret@127.0.0.1:1/x"],
    ["a percent-encoded password", "postgres://u:s3cr%65t%40x@127.0.0.1:1/x"],
    ["an unparseable URL", "postgres://u:s3cret@[::1/x"],
  ])("%s gives STORAGE_UNAVAILABLE without the password", async (_, databaseUrl) => {
    const error = await openDb({ databaseUrl, dataDir, connectTimeoutMs: 2_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect(error).toMatchObject({ code: "STORAGE_UNAVAILABLE" });
    for (const text of [(error as Error).message, String((error as Error).stack), JSON.stringify(error), String(error)]) {
      expect(text).not.toContain("s3cre");
      expect(text).not.toContain(databaseUrl);
    }
  });

  it("a server that accepts and never answers fails within the connect timeout", async () => {
    const sockets: net.Socket[] = [];
    const blackHole = net.createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => blackHole.listen(0, "127.0.0.1", resolve));
    const { port } = blackHole.address() as net.AddressInfo;
    try {
      const started = performance.now();
      const error = await openDb({ databaseUrl: `postgres://u:s3cret@127.0.0.1:${port}/x`, dataDir, connectTimeoutMs: 500 }).catch((e: unknown) => e);
      const elapsed = performance.now() - started;
      expect(error).toMatchObject({ code: "STORAGE_UNAVAILABLE" });
      expect((error as Error).message).not.toContain("s3cret");
      expect(sockets.length).toBeGreaterThan(0);
      expect(elapsed).toBeGreaterThanOrEqual(400);
      expect(elapsed).toBeLessThan(2_000);
    } finally {
      sockets.forEach((socket) => socket.destroy());
      await new Promise((resolve) => blackHole.close(resolve));
    }
  });
});

describe.skipIf(postgres.skipReason !== null)("PostgreSQL connection lost inside a transaction", () => {
  let target: DbTarget;
  let db: Db;

  beforeAll(async () => {
    target = await createPostgresTarget(postgres.url!);
    db = await openDb(target.options);
  });

  afterAll(async () => {
    await db?.close();
    await target?.cleanup();
  });

  // pg-pool drops its 'error' listener while a client is checked out: a server that goes away between two
  // statements of a transaction used to emit an unhandled 'error' and take the whole process down.
  it("fails that transaction with STORAGE_UNAVAILABLE, does not crash, and the pool serves the next query", async () => {
    const error = await db
      .transaction(async (tx) => {
        const [row] = await tx.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
        await withClient(postgres.url!, (admin) => admin.query("SELECT pg_terminate_backend($1)", [row!.pid]));
        await sleep(300); // the socket closes while no statement is running
        await tx.query("SELECT 1");
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect(error).toMatchObject({ code: "STORAGE_UNAVAILABLE" });
    expect(await db.query<{ ok: number }>("SELECT 1 AS ok")).toEqual([{ ok: 1 }]);
  });
});
