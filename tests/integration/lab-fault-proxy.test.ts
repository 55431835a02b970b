import net from "node:net";
import { Redis } from "ioredis";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { findRefusedPort, startFaultProxy, startHttpTarget, type FaultProxy, type HttpTarget } from "@/lib/lab";
import { requireService } from "@/tests/support/services";

const postgres = await requireService("PostgreSQL", "TEST_DATABASE_URL");
const redis = await requireService("Redis", "TEST_REDIS_URL");

let proxy: FaultProxy | undefined;
let upstream: HttpTarget | undefined;
const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  await proxy?.close(); // resets every proxied connection first, so clients below end at once
  for (const cleanup of cleanups.splice(0)) await cleanup();
  await upstream?.close();
  proxy = undefined;
  upstream = undefined;
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The service's own host and port, from its URL. */
function targetOf(url: string, defaultPort: number): { host: string; port: number } {
  const parsed = new URL(url);
  return { host: parsed.hostname, port: Number(parsed.port) || defaultPort };
}

/** The same URL, pointed at the proxy. */
function throughProxy(url: string, port: number): string {
  const parsed = new URL(url);
  parsed.hostname = "127.0.0.1";
  parsed.port = String(port);
  return parsed.toString();
}

/** Settles a promise into its value or its error's code (or message when it has no code). */
async function settle<T>(promise: Promise<T>): Promise<{ value: T } | { error: string }> {
  try {
    return { value: await promise };
  } catch (error) {
    return { error: (error as NodeJS.ErrnoException).code ?? (error as Error).message };
  }
}

/** Fetches through the proxy with a hard deadline and returns the status or the error's name/cause code. */
async function fetchStatus(port: number, timeoutMs = 500): Promise<number | string> {
  try {
    return (await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(timeoutMs) })).status;
  } catch (error) {
    return (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
  }
}

describe("fault proxy in front of a lab HTTP target", () => {
  it("passes, adds latency, blackholes, resets and refuses on command", async () => {
    upstream = await startHttpTarget();
    proxy = await startFaultProxy({ target: { host: "127.0.0.1", port: upstream.port } });
    expect(await fetchStatus(proxy.port)).toBe(200);
    await proxy.setMode("latency", { delayMs: 100 });
    const started = performance.now();
    expect(await fetchStatus(proxy.port)).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
    await proxy.setMode("blackhole");
    expect(await fetchStatus(proxy.port, 200)).toBe("TimeoutError");
    await proxy.setMode("reset");
    expect(await fetchStatus(proxy.port)).toBe("ECONNRESET");
    await proxy.setMode("refuse");
    expect(await fetchStatus(proxy.port)).toBe("ECONNREFUSED");
    await proxy.setMode("pass");
    expect(await fetchStatus(proxy.port)).toBe(200);
    expect(proxy.connectionCount()).toBeGreaterThanOrEqual(3); // fetch reuses kept-alive connections
  });

  it("resets clients when the upstream refuses", async () => {
    proxy = await startFaultProxy({ target: { host: "127.0.0.1", port: await findRefusedPort() } });
    const outcome = await new Promise<string | undefined>((resolve) => {
      const socket = net.connect({ host: "127.0.0.1", port: proxy?.port ?? 0 });
      socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code));
      socket.once("close", () => resolve("closed without error"));
    });
    expect(outcome).toBe("ECONNRESET");
  });
});

describe.skipIf(postgres.url === null)(`fault proxy in front of PostgreSQL${postgres.skipReason ? ` — SKIPPED: ${postgres.skipReason}` : ""}`, () => {
  const databaseUrl = postgres.url ?? "";

  async function startProxy(): Promise<FaultProxy> {
    proxy = await startFaultProxy({ target: targetOf(databaseUrl, 5432) });
    return proxy;
  }

  function createClient(port: number): pg.Client {
    const client = new pg.Client({ connectionString: throughProxy(databaseUrl, port), connectionTimeoutMillis: 500 });
    client.on("error", () => {});
    cleanups.push(() => client.end().catch(() => {}));
    return client;
  }

  async function selectOne(client: pg.Client): Promise<number> {
    return (await client.query<{ n: number }>("SELECT 1 AS n")).rows[0]?.n ?? -1;
  }

  it("passes queries through, and delays each round trip in latency mode", async () => {
    const lab = await startProxy();
    const client = createClient(lab.port);
    await client.connect();
    expect(await selectOne(client)).toBe(1);
    await lab.setMode("latency", { delayMs: 100 });
    const started = performance.now();
    expect(await selectOne(client)).toBe(1);
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
  });

  it("makes new connections time out in blackhole mode", async () => {
    const lab = await startProxy();
    await lab.setMode("blackhole");
    const started = performance.now();
    const outcome = await settle(createClient(lab.port).connect());
    expect(outcome).toEqual({ error: expect.stringMatching(/timeout/i) });
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it("freezes an open connection in blackhole mode and thaws it, nothing lost, on pass", async () => {
    const lab = await startProxy();
    const client = createClient(lab.port);
    await client.connect();
    await lab.setMode("blackhole");
    let answered = false;
    const query = selectOne(client).then((n) => ((answered = true), n));
    await sleep(150);
    expect(answered).toBe(false);
    await lab.setMode("pass");
    expect(await query).toBe(1);
  });

  it("resets new and open connections in reset mode", async () => {
    const lab = await startProxy();
    const open = createClient(lab.port);
    await open.connect();
    const ended = new Promise((resolve) => open.once("end", resolve));
    await lab.setMode("reset");
    await ended;
    expect(await settle(selectOne(open))).toEqual({ error: expect.stringMatching(/not queryable|terminated/i) });
    expect(await settle(createClient(lab.port).connect())).toEqual({ error: "ECONNRESET" });
  });

  it("refuses new connections in refuse mode, then listens again on the same port", async () => {
    const lab = await startProxy();
    await lab.setMode("refuse");
    expect(await settle(createClient(lab.port).connect())).toEqual({ error: "ECONNREFUSED" });
    await lab.setMode("pass");
    const client = createClient(lab.port);
    await client.connect();
    expect(await selectOne(client)).toBe(1);
  });
});

describe.skipIf(redis.url === null)(`fault proxy in front of Redis${redis.skipReason ? ` — SKIPPED: ${redis.skipReason}` : ""}`, () => {
  const redisUrl = redis.url ?? "";

  async function startProxy(): Promise<FaultProxy> {
    proxy = await startFaultProxy({ target: targetOf(redisUrl, 6379) });
    return proxy;
  }

  function createClient(port: number): Redis {
    const client = new Redis(throughProxy(redisUrl, port), {
      lazyConnect: true,
      connectTimeout: 500,
      commandTimeout: 300,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
      enableReadyCheck: false,
    });
    client.on("error", () => {});
    cleanups.push(() => client.disconnect());
    return client;
  }

  it("passes PING through, and delays it in latency mode", async () => {
    const lab = await startProxy();
    const client = createClient(lab.port);
    await client.connect();
    expect(await client.ping()).toBe("PONG");
    await lab.setMode("latency", { delayMs: 60 });
    const started = performance.now();
    expect(await client.ping()).toBe("PONG");
    expect(performance.now() - started).toBeGreaterThanOrEqual(110);
  });

  it("lets PING time out in blackhole mode", async () => {
    const lab = await startProxy();
    await lab.setMode("blackhole");
    const client = createClient(lab.port);
    await client.connect();
    expect(await settle(client.ping())).toEqual({ error: "Command timed out" });
  });

  /** Connects a fresh client and returns the code of the first socket error it reports. */
  async function connectError(port: number): Promise<string | undefined> {
    const client = createClient(port);
    const failed = new Promise<string | undefined>((resolve) => client.once("error", (e: NodeJS.ErrnoException) => resolve(e.code)));
    await client.connect().then(() => client.ping()).catch(() => {});
    return failed;
  }

  it("resets connections in reset mode and refuses them in refuse mode, then recovers", async () => {
    const lab = await startProxy();
    await lab.setMode("reset");
    expect(await connectError(lab.port)).toBe("ECONNRESET");
    await lab.setMode("refuse");
    expect(await connectError(lab.port)).toBe("ECONNREFUSED");
    await lab.setMode("pass");
    const client = createClient(lab.port);
    await client.connect();
    expect(await client.ping()).toBe("PONG");
  });
});
