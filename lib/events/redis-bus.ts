import "server-only";
import { randomUUID } from "node:crypto";
import { Redis, type RedisOptions } from "ioredis";
import { z } from "zod";
import { log } from "../log";
import { connectionSecrets, redact } from "../redact";
import { BUS_EVENT_TYPES, type BusEvent, type EventBus } from "./bus";
import { messageOf } from "../message-of";

// Redis pub/sub fan-out across instances (docs/architecture.md "Storage and scale"). Delivery choice: a publish reaches
// this process's subscribers at once, in process, and is also sent to Redis tagged with this bus's `origin`;
// the echo that comes back carrying our own origin is ignored. So local SSE clients see every local event
// exactly once even while Redis is down, and events of other instances arrive through the subscriber.
// Pub/sub drops messages while disconnected: SSE replay (Last-Event-ID) reads the gap from the database.

/** Options of createRedisBus. */
export interface RedisBusOptions {
  /** The pub/sub channel shared by every instance (default `handback:events`; servers use incidentChannel()). */
  channel?: string;
  /** Deadline of one publish, of connecting and of a liveness PING (default 2 s). */
  timeoutMs?: number;
  /** How often each connection is PINGed; one unanswered within timeoutMs is replaced (default 10 s). */
  pingIntervalMs?: number;
}

/** An EventBus over Redis; `ready()` resolves once the subscriber listens, `close()` ends both connections. */
export interface RedisBus extends EventBus {
  /** This instance's id, carried as `origin` in every message it publishes. */
  readonly origin: string;
  ready(): Promise<void>;
  close(): Promise<void>;
}

const messageSchema = z.object({
  type: z.enum(BUS_EVENT_TYPES),
  id: z.number().int().min(0),
  data: z.unknown(),
  origin: z.string().min(1),
});

// Warnings about dropped publishes are summarised so that an outage writes one line per interval, not per event.
const DROP_LOG_INTERVAL_MS = 10_000;

/** The channel of one incident: instances of different incidents can share a Redis without mixing events. */
export function incidentChannel(incidentId: string): string {
  return `handback:events:${incidentId}`;
}

/** `redis://host:port` without user or password, for messages. */
export function describeRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return "(unparseable Redis URL)";
  }
}

/** The message of any error with the Redis URL, its password and every server secret removed. */
function safeMessage(error: unknown, secrets: readonly string[]): string {
  return redact(messageOf(error), secrets);
}

/** Connection options shared by both connections: bounded connect, TCP keepalive, reconnect with capped backoff. */
function baseOptions(timeoutMs: number): RedisOptions {
  return {
    connectTimeout: timeoutMs,
    // TCP keepalive notices a peer that is gone for good; the PING below notices a silent one sooner.
    keepAlive: 10_000,
    // A socket that never answers our FIN is destroyed after this, so a reconnect can start.
    disconnectTimeout: timeoutMs,
    // 200 ms, 400 ms, … capped at 5 s; never gives up, so the bus heals when Redis returns.
    retryStrategy: (times) => Math.min(times * 200, 5_000),
    lazyConnect: false,
  };
}

/** Delivers one event to every listener; a throwing listener is logged and does not stop the others. */
function fanOut(listeners: Set<(event: BusEvent) => void>, event: BusEvent): void {
  for (const listener of [...listeners]) {
    try {
      listener(event);
    } catch (error) {
      log.warn(`event bus listener failed: ${messageOf(error)}`);
    }
  }
}

/**
 * PINGs a connection every `intervalMs` while it is ready; one unanswered within `timeoutMs` means the
 * connection is silently dead (a NAT or firewall dropped it without a reset: no error, no close, and a
 * subscriber then simply hears nothing), so it is dropped and ioredis reconnects and re-subscribes.
 * With the defaults a dead connection is replaced within about 15 s. Returns a stop function.
 */
function watchLiveness(client: Redis, intervalMs: number, timeoutMs: number, onDead: () => void): () => void {
  let inFlight = false;
  const timer = setInterval(() => {
    if (inFlight || client.status !== "ready") return;
    inFlight = true;
    let deadline: NodeJS.Timeout | undefined;
    const answered = client.ping().then(() => true, () => true);
    const timedOut = new Promise<boolean>((resolve) => (deadline = setTimeout(() => resolve(false), timeoutMs)));
    void Promise.race([answered, timedOut]).then((alive) => {
      clearTimeout(deadline);
      inFlight = false;
      if (alive || client.status !== "ready") return;
      onDead();
      client.disconnect(true);
    });
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

/** Closes a connection without waiting for Redis, resolving at "end" (or after 1 s at most). */
function disconnectClient(client: Redis): Promise<void> {
  if (client.status === "end") return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, 1_000);
    client.once("end", () => (clearTimeout(timer), resolve()));
    client.disconnect();
  });
}

/** Creates a bus on Redis pub/sub with a publisher and a dedicated subscriber connection. */
export function createRedisBus(url: string, options: RedisBusOptions = {}): RedisBus {
  const channel = options.channel ?? "handback:events";
  const timeoutMs = options.timeoutMs ?? 2_000;
  const origin = randomUUID();
  const secrets = connectionSecrets(url);
  const where = describeRedisUrl(url);
  const listeners = new Set<(event: BusEvent) => void>();
  // The publisher never queues: a publish during an outage fails at once and is dropped (the DB has it).
  const publisher = new Redis(url, { ...baseOptions(timeoutMs), enableOfflineQueue: false, maxRetriesPerRequest: 0, commandTimeout: timeoutMs });
  // The subscriber queues its SUBSCRIBE until connected and re-subscribes after every reconnect.
  const subscriber = new Redis(url, { ...baseOptions(timeoutMs), maxRetriesPerRequest: null, autoResubscribe: true });
  let closed = false;
  let dropped = 0;
  let lastDropLog = 0;

  const noteDrop = (error: unknown) => {
    dropped += 1;
    const now = Date.now();
    if (now - lastDropLog < DROP_LOG_INTERVAL_MS) return;
    lastDropLog = now;
    log.warn(`event bus: publish to Redis ${where} dropped (${dropped} so far): ${safeMessage(error, secrets)}`);
  };
  let lastErrorLog = 0;
  const onConnectionError = (role: string) => (error: unknown) => {
    // Without an "error" listener ioredis prints each failed reconnect; one line per interval is enough.
    const now = Date.now();
    if (closed || now - lastErrorLog < DROP_LOG_INTERVAL_MS) return;
    lastErrorLog = now;
    log.warn(`event bus: Redis ${role} ${where}: ${safeMessage(error, secrets)} (reconnecting)`);
  };
  publisher.on("error", onConnectionError("publisher"));
  subscriber.on("error", onConnectionError("subscriber"));
  subscriber.on("message", (from: string, text: string) => {
    if (from !== channel) return;
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      return log.warn(`event bus: ignored a message on ${channel} that is not JSON`);
    }
    const parsed = messageSchema.safeParse(raw);
    if (!parsed.success) return log.warn(`event bus: ignored a malformed message on ${channel}`);
    if (parsed.data.origin === origin) return;
    fanOut(listeners, { type: parsed.data.type, id: parsed.data.id, data: parsed.data.data });
  });
  const pingIntervalMs = options.pingIntervalMs ?? 10_000;
  const onDead = (role: string) => () => log.warn(`event bus: Redis ${role} ${where} did not answer PING within ${timeoutMs} ms; reconnecting`);
  const stopWatching = [
    watchLiveness(publisher, pingIntervalMs, timeoutMs, onDead("publisher")),
    watchLiveness(subscriber, pingIntervalMs, timeoutMs, onDead("subscriber")),
  ];
  const subscribed = subscriber.subscribe(channel).then(() => undefined);
  subscribed.catch((error: unknown) => log.warn(`event bus: SUBSCRIBE ${channel} failed: ${safeMessage(error, secrets)}`));

  return {
    origin,
    publish(event) {
      fanOut(listeners, event);
      if (closed) return;
      const message = JSON.stringify({ type: event.type, id: event.id, data: event.data, origin });
      publisher.publish(channel, message).catch(noteDrop);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    ready: () => subscribed,
    async close() {
      if (closed) return;
      closed = true;
      listeners.clear();
      stopWatching.forEach((stop) => stop());
      // disconnect() never waits on an unreachable server; "end" follows once the socket is gone.
      await Promise.all([publisher, subscriber].map((client) => disconnectClient(client)));
    },
  };
}
