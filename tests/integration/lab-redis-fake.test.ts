import net from "node:net";
import { Redis, type RedisOptions } from "ioredis";
import { afterEach, describe, expect, it } from "vitest";
import { startRedisFake, type RedisFake } from "@/lib/lab";

let fake: RedisFake | undefined;
const clients: Redis[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.disconnect();
  await fake?.close();
  fake = undefined;
});

/** An ioredis client with short deadlines and no retries, as a probe would use. */
function createClient(url: string, options: RedisOptions = {}): Redis {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 500,
    commandTimeout: 500,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    ...options,
  });
  client.on("error", () => {});
  clients.push(client);
  return client;
}

/** Writes raw bytes (in pieces) and collects what comes back within waitMs. */
async function exchangeRaw(port: number, pieces: string[], waitMs = 150): Promise<string> {
  const socket = net.connect({ host: "127.0.0.1", port });
  let received = "";
  socket.on("data", (chunk: Buffer) => (received += chunk.toString()));
  await new Promise((resolve) => socket.once("connect", resolve));
  for (const piece of pieces) {
    socket.write(piece);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await new Promise((resolve) => setTimeout(resolve, waitMs));
  socket.destroy();
  return received;
}

describe("redis fake", () => {
  it("lets ioredis connect with its ready check and answers PING, PING msg and ECHO", async () => {
    fake = await startRedisFake();
    expect(fake.url).toBe(`redis://127.0.0.1:${fake.port}`);
    const client = createClient(fake.url, { connectionName: "handback-probe", db: 1 });
    await client.connect();
    expect(client.status).toBe("ready");
    expect(await client.ping()).toBe("PONG");
    expect(await client.ping("hello")).toBe("hello");
    expect(await client.echo("lab")).toBe("lab");
    expect(fake.commandCount("INFO")).toBe(1);
    expect(fake.commandCount("PING")).toBe(2);
  });

  it("rejects data commands honestly: it is not a Redis", async () => {
    fake = await startRedisFake();
    const client = createClient(fake.url);
    await client.connect();
    await expect(client.get("key")).rejects.toThrow(/^ERR unknown command 'get'/);
  });

  it("still lets clients connect in error mode, then fails every other command", async () => {
    fake = await startRedisFake();
    fake.setMode("error");
    const client = createClient(fake.url);
    await client.connect();
    await expect(client.ping()).rejects.toThrow(/^LOADING Redis is loading the dataset in memory/);
    fake.setMode("error", { message: "ERR lab says no" });
    await expect(client.ping()).rejects.toThrow(/^ERR lab says no/);
    fake.setMode("ok");
    expect(await client.ping()).toBe("PONG");
  });

  it("reads but never answers in hang mode, so the client's command deadline fires", async () => {
    fake = await startRedisFake();
    fake.setMode("hang");
    const client = createClient(fake.url, { enableReadyCheck: false, commandTimeout: 200 });
    await client.connect();
    const started = performance.now();
    await expect(client.ping()).rejects.toThrow(/Command timed out/);
    expect(performance.now() - started).toBeLessThan(600);
    expect(fake.commandCount("PING")).toBe(1);
  });

  it("parses inline, pipelined and split commands", async () => {
    fake = await startRedisFake();
    expect(await exchangeRaw(fake.port, ["PING\r\n"])).toBe("+PONG\r\n");
    expect(await exchangeRaw(fake.port, ["*1\r\n$4\r\nPING\r\n*2\r\n$4\r\nECHO\r\n$2\r\nhi\r\n"])).toBe("+PONG\r\n$2\r\nhi\r\n");
    expect(await exchangeRaw(fake.port, ["*2\r\n$4\r\nEC", "HO\r\n$3\r\nab", "c\r\n"])).toBe("$3\r\nabc\r\n");
    expect(await exchangeRaw(fake.port, ["HELLO 3\r\n"])).toMatch(/^-NOPROTO/);
  });

  it("drops its connections on close", async () => {
    fake = await startRedisFake();
    const client = createClient(fake.url);
    await client.connect();
    const ended = new Promise((resolve) => client.once("end", resolve));
    await fake.close();
    fake = undefined;
    await ended;
    expect(client.status).toBe("end");
  });
});
