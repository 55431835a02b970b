import { randomBytes } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { appendTimeline, openDb, type Db } from "@/lib/db";
import { SESSION_ENDED, type BusEvent } from "@/lib/events/bus";
import { createRedisBus, type RedisBus } from "@/lib/events/redis-bus";
import { latestTimelineId, replayTimeline } from "@/lib/events/sse-replay";
import { createEventStream } from "@/lib/events/sse-stream";
import { createPostgresTarget, type DbTarget } from "../support/db-targets";
import { requireService } from "../support/services";
import { readUntil } from "../support/sse-read";

/** The incident these rows belong to (every db function takes one, migration 012). */
const INCIDENT = "INC-TEST";

// Two instances (issue 10, bug 11): each has its own Redis bus, both write one PostgreSQL timeline. A stream
// on instance B sees B's entries at once and A's through Redis, later; it must still send every entry, in
// id order, and only timeline entries may move the browser's Last-Event-ID.
const redis = await requireService("Redis", "TEST_REDIS_URL");
const postgres = await requireService("PostgreSQL", "TEST_DATABASE_URL");
const skipReason = redis.skipReason ?? postgres.skipReason;
const title = skipReason ? `SSE across instances — SKIPPED: ${skipReason}` : "SSE across instances (TEST_REDIS_URL, TEST_DATABASE_URL)";

let target: DbTarget | null = null;
let db: Db;
const buses: RedisBus[] = [];
beforeAll(async () => {
  if (skipReason) return;
  target = await createPostgresTarget(postgres.url!);
  db = await openDb(target.options);
});
afterEach(async () => {
  await Promise.all(buses.splice(0).map((bus) => bus.close()));
});
afterAll(async () => {
  await db?.close();
  await target?.cleanup();
});

async function openBus(channel: string): Promise<RedisBus> {
  const bus = createRedisBus(redis.url!, { channel, timeoutMs: 1_000 });
  buses.push(bus);
  await bus.ready();
  return bus;
}

const blocks = (text: string) => text.split("\n\n").filter((block) => /^event: /m.test(block));

describe.skipIf(skipReason !== null)(title, () => {
  it("sends a late remote entry in id order, and gives no id to component events", async () => {
    const channel = `handback:test:${randomBytes(6).toString("hex")}`;
    const [a, b] = [await openBus(channel), await openBus(channel)];
    const abort = new AbortController();
    const stream = createEventStream({
      bus: b,
      lastEventId: null,
      replay: (afterId, limit) => replayTimeline(db, INCIDENT, afterId, limit),
      head: () => latestTimelineId(db, INCIDENT),
      signal: abort.signal,
    }).stream;
    const first = readUntil(stream, (text) => text.includes(": connected"), 5_000);
    await first;
    await new Promise((resolve) => setTimeout(resolve, 200)); // the stream has read its starting point

    // A stores its entry first but its publish is slow; B stores and publishes the next one at once.
    const fromA = await appendTimeline(db, INCIDENT, { type: "note", text: "from instance A" });
    const fromB = await appendTimeline(db, INCIDENT, { type: "note", text: "from instance B" });
    b.publish({ type: "timeline", id: fromB.id, data: fromB });
    b.publish({ type: "component", id: fromB.id, data: { id: "api", status: "down" } });
    await new Promise((resolve) => setTimeout(resolve, 300));
    a.publish({ type: "timeline", id: fromA.id, data: fromA });
    a.publish({ type: "component", id: fromA.id, data: { id: "db", status: "down" } }); // A's local id: lower than B's
    const after = await appendTimeline(db, INCIDENT, { type: "note", text: "later, from A" });
    a.publish({ type: "timeline", id: after.id, data: after } satisfies BusEvent);

    const text = await readUntil(stream, (so) => so.includes(`id: ${after.id}\n`) && (so.match(/event: component/g) ?? []).length === 2, 5_000);
    abort.abort();
    const timeline = blocks(text).filter((block) => block.includes("event: timeline"));
    expect(timeline.map((block) => Number(/^id: (\d+)$/m.exec(block)?.[1]))).toEqual([fromA.id, fromB.id, after.id]);
    const components = blocks(text).filter((block) => block.includes("event: component"));
    expect(components).toHaveLength(2);
    for (const block of components) expect(block).not.toMatch(/^id:/m);
  });

  it("ends a session's stream on one instance when it signs out on the other", async () => {
    const channel = `handback:test:${randomBytes(6).toString("hex")}`;
    const [a, b] = [await openBus(channel), await openBus(channel)];
    const ended: string[] = [];
    const session = { id: randomBytes(16).toString("base64url"), expiresAt: Date.now() + 3_600_000 };
    const replay = (afterId: number, limit: number) => replayTimeline(db, INCIDENT, afterId, limit);
    const open = createEventStream({ bus: b, lastEventId: null, replay, signal: new AbortController().signal, session, onEnd: (why) => ended.push(why) });
    a.publish({ type: SESSION_ENDED, id: 0, data: { sid: session.id, expiresAt: session.expiresAt } });
    await readUntil(open.stream, () => ended.length > 0, 5_000);
    expect(ended).toEqual(["signed-out"]);
  });
});
