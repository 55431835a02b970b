import { randomBytes } from "node:crypto";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import type { BusEvent } from "@/lib/events/bus";
import { createRedisBus, type RedisBus } from "@/lib/events/redis-bus";
import { startFaultProxy, type FaultProxy } from "@/lib/lab";
import { requireService } from "@/tests/support/services";

// Two bus instances on the machine's real Redis, as two Handback instances would be; a fault proxy in front
// of Redis plays the outage.
const redis = await requireService("Redis", "TEST_REDIS_URL");
const withRedis = it.skipIf(redis.url === null);
const title = redis.url ? "Redis event bus (TEST_REDIS_URL)" : `Redis event bus — SKIPPED: ${redis.skipReason}`;

const buses: RedisBus[] = [];
const proxies: FaultProxy[] = [];
afterEach(async () => {
  await Promise.all(buses.splice(0).map((bus) => bus.close()));
});
afterAll(async () => {
  await Promise.all(proxies.splice(0).map((proxy) => proxy.close()));
});

/** A fresh channel per test, so parallel runs and earlier tests never cross. */
const freshChannel = () => `handback:test:${randomBytes(6).toString("hex")}`;

async function openBus(url: string, channel: string, pingIntervalMs?: number): Promise<{ bus: RedisBus; seen: BusEvent[] }> {
  const bus = createRedisBus(url, { channel, timeoutMs: 500, pingIntervalMs });
  buses.push(bus);
  const seen: BusEvent[] = [];
  bus.subscribe((event) => seen.push(event));
  await bus.ready();
  return { bus, seen };
}

async function waitFor(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const settle = (ms = 300) => new Promise((resolve) => setTimeout(resolve, ms));

function proxiedUrl(url: string, port: number): string {
  const parsed = new URL(url);
  parsed.hostname = "127.0.0.1";
  parsed.port = String(port);
  return parsed.toString();
}

async function startProxy(url: string): Promise<FaultProxy> {
  const parsed = new URL(url);
  const proxy = await startFaultProxy({ target: { host: parsed.hostname, port: Number(parsed.port) || 6379 } });
  proxies.push(proxy);
  return proxy;
}

describe(title, () => {
  withRedis("delivers an event to the other instance and to its own subscribers, exactly once each", async () => {
    const channel = freshChannel();
    const a = await openBus(redis.url!, channel);
    const b = await openBus(redis.url!, channel);
    const event: BusEvent = { type: "component", id: 7, data: { id: "api", status: "down" } };
    a.bus.publish(event);
    await waitFor(() => b.seen.length === 1);
    await settle();
    expect(b.seen).toEqual([event]);
    expect(a.seen).toEqual([event]);
    b.bus.publish({ type: "timeline", id: 8, data: { text: "from b" } });
    await waitFor(() => a.seen.length === 2);
    await settle();
    expect(a.seen.map((seen) => seen.id)).toEqual([7, 8]);
    expect(b.seen.map((seen) => seen.id)).toEqual([7, 8]);
  });

  withRedis("ignores messages that are not well-formed events", async () => {
    const channel = freshChannel();
    const a = await openBus(redis.url!, channel);
    const { Redis } = await import("ioredis");
    const client = new Redis(redis.url!);
    await client.publish(channel, "not json");
    await client.publish(channel, JSON.stringify({ type: "nope", id: 1, origin: "x" }));
    await client.publish(channel, JSON.stringify({ type: "incident", id: 2, data: null, origin: "x" }));
    client.disconnect();
    await waitFor(() => a.seen.length === 1);
    expect(a.seen).toEqual([{ type: "incident", id: 2, data: null }]);
  });

  withRedis.each(["refuse", "blackhole"] as const)(
    "publishing while Redis is unreachable (%s) neither throws nor hangs, and events flow again after",
    async (mode) => {
      const channel = freshChannel();
      const proxy = await startProxy(redis.url!);
      const a = await openBus(proxiedUrl(redis.url!, proxy.port), channel);
      const b = await openBus(redis.url!, channel);
      await proxy.setMode(mode);
      const started = Date.now();
      for (let id = 1; id <= 20; id += 1) expect(() => a.bus.publish({ type: "component", id, data: null })).not.toThrow();
      expect(Date.now() - started).toBeLessThan(100);
      // Local subscribers still see local events during the outage.
      expect(a.seen).toHaveLength(20);
      await settle(1_000);
      await proxy.setMode("pass");
      // The subscriber of `a` reconnects (refuse) or thaws (blackhole) and receives events from `b` again.
      await waitFor(() => {
        b.bus.publish({ type: "timeline", id: 100, data: "after" });
        return a.seen.some((event) => event.id === 100);
      }, 15_000);
      const marker = a.seen.filter((event) => event.id === 100).length;
      b.bus.publish({ type: "timeline", id: 101, data: "again" });
      await waitFor(() => a.seen.some((event) => event.id === 101));
      await settle();
      expect(a.seen.filter((event) => event.id === 101)).toHaveLength(1);
      expect(marker).toBeGreaterThan(0);
      // And `a` publishes through Redis again.
      await waitFor(() => {
        a.bus.publish({ type: "timeline", id: 200, data: "from a" });
        return b.seen.some((event) => event.id === 200);
      }, 15_000);
    },
    30_000,
  );

  withRedis("never puts the Redis password in a log line or an error", async () => {
    const proxy = await startProxy(redis.url!);
    await proxy.setMode("refuse");
    const url = new URL(proxiedUrl(redis.url!, proxy.port));
    url.username = "someone";
    url.password = "redis-S3cret-pw";
    const lines: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void lines.push(args.map(String).join(" "));
    try {
      const bus = createRedisBus(url.toString(), { channel: freshChannel(), timeoutMs: 300 });
      buses.push(bus);
      bus.publish({ type: "component", id: 1, data: null });
      await settle(1_000);
      await bus.close();
    } finally {
      console.error = original;
    }
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join("\n")).not.toContain("redis-S3cret-pw");
  });

  withRedis(
    "replaces a subscriber connection that went silently dead, within 30 s, and hears events again",
    async () => {
      const channel = freshChannel();
      const proxy = await startProxy(redis.url!);
      // A fast PING so the test is quick; the default (10 s) keeps the replacement within the same 30 s.
      const a = await openBus(proxiedUrl(redis.url!, proxy.port), channel, 200);
      const b = await openBus(redis.url!, channel);
      b.bus.publish({ type: "timeline", id: 1, data: "before" });
      await waitFor(() => a.seen.some((event) => event.id === 1));
      const connections = proxy.connectionCount();
      proxy.stallOpen(); // no reset, no close: the subscriber just stops hearing anything
      let id = 1;
      await waitFor(() => {
        b.bus.publish({ type: "timeline", id: (id += 1), data: "after" });
        return a.seen.some((event) => event.id > 1);
      }, 30_000);
      expect(proxy.connectionCount()).toBeGreaterThan(connections);
    },
    60_000,
  );
});
