import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listDeliveries, openDb, saveComponentState, type Db } from "@/lib/db";
import { createLocalBus } from "@/lib/events/bus";
import { postTimelineEntry } from "@/lib/incident/actions";
import { appendNotified } from "@/lib/notify/enqueue";
import { startNotifier } from "@/lib/notify/notifier";
import { routeEvents } from "@/lib/notify/route";
import type { ComponentStatus } from "@/lib/types";
import { parseValidConfig } from "@/tests/support/config-text";
import { createScratchDatabase, type ScratchDatabase } from "@/tests/support/db-targets";
import { startHookReceiver, type HookReceiver } from "@/tests/support/notify-receivers";
import { openThroughProxy } from "@/tests/support/proxied-postgres";
import { requireService } from "@/tests/support/services";
import { waitUntil } from "@/tests/support/wait";

// On a real PostgreSQL: rootCauseOnly sends one message for a failing upstream (naming what it takes down)
// and none per symptom; a flapping component folds into one held message per window and channel; two
// notifier instances on one database deliver every notification exactly once.

const postgres = await requireService("PostgreSQL", "TEST_DATABASE_URL");
const BASE = "http://dash.example.test";

const configText = (url: string) => `incident: { id: R-1, title: Routing, severity: P0, startedAt: 2025-01-01T00:00:00Z }
teams: [{ id: infra }]
components:
  - { id: vpc, probe: { type: tcp, host: 127.0.0.1, port: 9 } }
  - { id: sql, dependsOn: [vpc], probe: { type: tcp, host: 127.0.0.1, port: 9 } }
  - { id: api, dependsOn: [sql], probe: { type: tcp, host: 127.0.0.1, port: 9 } }
notify:
  channels:
    - { id: ops, type: slack, url: "${url}" }
    - { id: hooks, type: webhook, url: "${url}" }
  rules:
    - { on: [component_down, component_recovered], channels: [ops], rootCauseOnly: true }
    - { on: [component_down, component_recovered, update_posted], channels: [hooks] }
  coalesce: 10m
  delivery: { timeout: 2s, firstRetry: 50ms, maxRetry: 200ms, poll: 50ms, concurrency: 3 }
`;

describe.skipIf(postgres.skipReason)("notification routing and single delivery (PostgreSQL)", () => {
  let scratch: ScratchDatabase;
  let db: Db;
  let hook: HookReceiver;
  beforeAll(async () => {
    scratch = await createScratchDatabase(postgres.url!, "hb14_notify");
    db = await openDb({ databaseUrl: scratch.url, dataDir: "/nonexistent-unused" });
    hook = await startHookReceiver();
  });
  afterAll(async () => {
    await db?.close();
    await hook?.close();
    await scratch?.drop();
  });

  async function transition(id: string, from: ComponentStatus, to: ComponentStatus): Promise<void> {
    await db.transaction(async (tx) => {
      await saveComponentState(tx, "R-1", { componentId: id, location: "default", status: to, failures: 0, successes: 0 });
      await appendNotified(tx, "R-1", { type: "transition", actor: "probe", text: `${id}: ${from} → ${to}`, data: { componentId: id, location: "default", from, to } });
    });
  }
  const deliveries = (channel: string) => db.query<{ event: string; text: string; data: Record<string, unknown>; coalesced: number; held: boolean }>(
    `SELECT event, message->>'text' AS text, message->'data' AS data, coalesced, next_attempt_at > now() + interval '5 minutes' AS held
     FROM notify_deliveries WHERE channel = $1 ORDER BY created_at, event_id`, [channel]);

  it("sends one message for the failing upstream on a rootCauseOnly channel, one per component elsewhere", async () => {
    const config = parseValidConfig(configText(hook.url));
    await transition("vpc", "operational", "down");
    await transition("sql", "operational", "down");
    await transition("api", "operational", "down");
    await routeEvents(db, config, BASE);
    const ops = await deliveries("ops");
    expect(ops.map((d) => d.text)).toEqual(["vpc: operational → down"]);
    expect(ops[0]!.data).toMatchObject({ componentId: "vpc", affected: ["sql", "api"] });
    expect((await deliveries("hooks")).map((d) => d.text)).toEqual(["vpc: operational → down", "sql: operational → down", "api: operational → down"]);
  });

  it("folds a flapping component into one held message per window that says so; a symptom's recovery stays quiet", async () => {
    const config = parseValidConfig(configText(hook.url));
    await transition("vpc", "down", "operational");
    await transition("vpc", "operational", "down");
    await transition("vpc", "down", "operational");
    await transition("api", "down", "operational");
    await routeEvents(db, config, BASE);
    const ops = await deliveries("ops");
    expect(ops).toHaveLength(2);
    expect(ops[1]).toMatchObject({ event: "component_recovered", coalesced: 3, held: true });
    expect(ops[1]!.text).toBe("vpc: down → operational (flapping: 4 status changes within 10m, folded into this message; latest shown)");
    const hooks = await deliveries("hooks");
    expect(hooks.filter((d) => d.data.componentId === "vpc")).toHaveLength(2);
    expect(hooks.filter((d) => d.data.componentId === "api").map((d) => d.event)).toEqual(["component_down", "component_recovered"]);
  });

  it("delays notifications through a storage outage and delivers every one, once, when storage is back", async () => {
    const config = parseValidConfig(configText(hook.url));
    await db.query(`DELETE FROM notify_deliveries`); // the routing cases' deliveries are not this case's
    const { proxy, db: proxied } = await openThroughProxy({ options: { databaseUrl: scratch.url, dataDir: "/nonexistent-unused" }, cleanup: async () => {} });
    const from = hook.requests.length;
    const notifier = startNotifier({ db: proxied, config, baseUrl: BASE, owner: "through-proxy" });
    try {
      await proxy.setMode("refuse");
      // Written by another instance that still reaches storage: the outbox has them, this notifier cannot read them.
      for (const text of ["during outage 1", "during outage 2", "during outage 3"]) await postTimelineEntry(db, createLocalBus(), "R-1", { name: "ci", role: "infra" }, "update", text);
      await new Promise((resolve) => setTimeout(resolve, 500)); // several polls fail meanwhile (poll: 50ms)
      expect(hook.requests.length).toBe(from);
      await proxy.setMode("pass");
      await waitUntil(() => hook.requests.length - from, (count) => count >= 3, 30_000, "3 deliveries after the outage");
    } finally {
      await notifier.stop();
      await proxied.close();
      await proxy.close();
    }
    const texts = hook.requests.slice(from).map((request) => (JSON.parse(request.body) as { text: string }).text);
    expect(texts.sort()).toEqual(["during outage 1", "during outage 2", "during outage 3"]);
  });

  it("delivers each notification once when two instances send from the same database", async () => {
    const config = parseValidConfig(configText(hook.url));
    await db.query(`DELETE FROM notify_deliveries`);
    const other = await openDb({ databaseUrl: scratch.url, dataDir: "/nonexistent-unused" });
    const from = hook.requests.length;
    const texts = Array.from({ length: 40 }, (_, i) => `update ${i}`);
    for (const text of texts) await postTimelineEntry(db, createLocalBus(), "R-1", { name: "ci", role: "infra" }, "update", text);
    const first = startNotifier({ db, config, baseUrl: BASE, owner: "instance-a" });
    const second = startNotifier({ db: other, config, baseUrl: BASE, owner: "instance-b" });
    try {
      await waitUntil(() => listDeliveries(db, "R-1", 500), (rows) => rows.length === 40 && rows.every((row) => row.state === "sent"), 30_000, "40 sent");
    } finally {
      await Promise.all([first.stop(), second.stop()]);
      await other.close();
    }
    const seen = hook.requests.slice(from).map((request) => String(request.headers["x-handback-delivery"]));
    expect(seen).toHaveLength(40);
    expect(new Set(seen).size).toBe(40);
    expect(new Set(hook.requests.slice(from).map((request) => (JSON.parse(request.body) as { text: string }).text))).toEqual(new Set(texts));
  });
});
