import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IncidentConfig } from "@/lib/config";
import { listResults, listTimeline, listTransitions, openDb, type Db } from "@/lib/db";
import { startEngine, type ProbeEngine } from "@/lib/engine/engine";
import { createLocalBus, type BusEvent } from "@/lib/events/bus";
import { startHttpTarget, startTcpBlackhole, type HttpTarget, type TcpBlackhole } from "@/lib/lab";
import { createPgliteTarget, type DbTarget } from "../support/db-targets";
import { parseValidConfig } from "../support/config-text";

// The engine end to end on real sockets and the embedded store: probe → judge → thresholds → persist → publish.
let target: DbTarget;
let db: Db;
let http: HttpTarget;
let blackhole: TcpBlackhole;
let engine: ProbeEngine;
const events: BusEvent[] = [];
const seenInStoreWhenPublished: boolean[] = [];

function configFor(httpPort: number, blackholePort: number): IncidentConfig {
  const text = `incident: { id: E-1, title: Engine test, severity: P1, startedAt: 2025-01-01T00:00:00Z }
teams: [{ id: infra }]
defaults: { interval: 1h, timeout: 500ms, failureThreshold: 2, successThreshold: 1 }
components:
  - id: api
    probe: { type: http, url: "http://127.0.0.1:${httpPort}/health" }
    conditions: ["[STATUS] == 200", "[BODY].status == healthy"]
    degradedWhen: ["[RESPONSE_TIME] > 300"]
  - id: silent
    probe: { type: http, url: "http://127.0.0.1:${blackholePort}/health" }
    conditions: ["[STATUS] == 200"]
`;
  return parseValidConfig(text);
}

beforeAll(async () => {
  target = await createPgliteTarget();
  db = await openDb(target.options);
  http = await startHttpTarget();
  blackhole = await startTcpBlackhole();
  const bus = createLocalBus();
  bus.subscribe((event) => {
    events.push(event);
    if (event.type === "timeline") {
      const id = event.id;
      void listTimeline(db, "E-1", { afterId: id - 1, limit: 1 }).then((rows) => seenInStoreWhenPublished.push(rows[0]?.id === id));
    }
  });
  engine = await startEngine({ config: configFor(http.port, blackhole.port), db, bus, concurrency: 4, manual: true });
}, 60_000);

afterAll(async () => {
  await engine?.stop();
  await Promise.allSettled([http?.close(), blackhole?.close()]);
  await db?.close();
  await target?.cleanup();
});

const statusOf = async (id: string) => (await engine.runNow([id]))[0]!;

describe("probe engine", () => {
  it("judges a healthy target operational and stores the result with its evidence", async () => {
    const outcome = await statusOf("api");
    expect(outcome).toMatchObject({ componentId: "api", status: "operational", verdict: "pass", error: null });
    const [stored] = await listResults(db, "E-1", "api");
    expect(stored).toMatchObject({ status: "operational", ok: true, id: outcome.resultId });
    expect(stored?.outcomes).toEqual(expect.arrayContaining([expect.objectContaining({ condition: "[STATUS] == 200", success: true })]));
  });

  it("goes down only after failureThreshold failing results, with one transition and one timeline entry", async () => {
    http.setMode("error", { status: 503 });
    expect((await statusOf("api")).status).toBe("operational");
    const second = await statusOf("api");
    expect(second.status).toBe("down");
    expect(second.error?.code).toBe("HTTP_STATUS");
    const transitions = await listTransitions(db, "E-1", "api");
    expect(transitions.map((row) => `${row.fromStatus}→${row.toStatus}`)).toContain("operational→down");
    const [entry] = await listTimeline(db, "E-1", { types: ["transition"], limit: 1 });
    expect(entry?.text).toMatch(/operational → down/);
  });

  it("publishes a transition only after it is stored", async () => {
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(seenInStoreWhenPublished.length).toBeGreaterThan(0);
    expect(seenInStoreWhenPublished.every(Boolean)).toBe(true);
    expect(events.some((event) => event.type === "component")).toBe(true);
  });

  it("recovers after successThreshold passing results and marks slow answers degraded", async () => {
    http.setMode("slow", { delayMs: 350 });
    expect((await statusOf("api")).status).toBe("degraded");
    http.setMode("ok");
    expect((await statusOf("api")).status).toBe("operational");
  });

  it("returns a TIMEOUT for a silent target within its deadline, never hanging", async () => {
    const started = Date.now();
    const outcome = await statusOf("silent");
    expect(Date.now() - started).toBeLessThan(500 + 1_000);
    expect(outcome.result.error?.code).toBe("TIMEOUT");
    expect(outcome.verdict).toBe("fail");
  });

  it("runs several components in parallel on request", async () => {
    const outcomes = await engine.runNow();
    expect(outcomes.map((outcome) => outcome.componentId).sort()).toEqual(["api", "silent"]);
  });
});

describe("stopping the engine", () => {
  // Separate engines (and component ids) on the same store, so the tests above keep their history.
  async function engineFor(id: string, url: string): Promise<ProbeEngine> {
    const text = `incident: { id: E-1, title: Engine test, severity: P1, startedAt: 2025-01-01T00:00:00Z }
teams: [{ id: infra }]
defaults: { interval: 1h, timeout: 5s, failureThreshold: 1, successThreshold: 1 }
components:
  - { id: ${id}, probe: { type: http, url: "${url}" }, conditions: ["[STATUS] == 200"] }
`;
    return startEngine({ config: parseValidConfig(text), db, bus: createLocalBus(), concurrency: 2, manual: true });
  }

  it("aborts a probe in flight and records nothing for it: a restart is no evidence against the target", async () => {
    const stopping = await engineFor("hung", `http://127.0.0.1:${blackhole.port}/health`);
    const pending = stopping.runNow(["hung"]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const started = Date.now();
    await stopping.stop();
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(await pending).toEqual([]);
    expect(await listResults(db, "E-1", "hung")).toEqual([]);
    expect(await listTransitions(db, "E-1", "hung")).toEqual([]);
  });

  it("with a grace period, lets a probe in flight finish and stores its result", async () => {
    http.setMode("slow", { delayMs: 400 });
    try {
      const stopping = await engineFor("slowpoke", http.url("/slowpoke"));
      const pending = stopping.runNow(["slowpoke"]);
      await new Promise((resolve) => setTimeout(resolve, 100));
      await stopping.stop({ graceMs: 3_000 });
      expect((await pending).map((outcome) => outcome.status)).toEqual(["operational"]);
      expect(await listResults(db, "E-1", "slowpoke")).toHaveLength(1);
    } finally {
      http.setMode("ok");
    }
  });
});
