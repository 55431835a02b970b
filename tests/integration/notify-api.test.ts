import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as metrics from "@/app/api/metrics/route";
import * as notifications from "@/app/api/notifications/route";
import * as notifyTest from "@/app/api/notifications/test/route";
import * as timeline from "@/app/api/timeline/route";
import * as draft from "@/app/api/updates/draft/route";
import type { DeliveryView } from "@/lib/notify/types";
import { call, callJson, startApiHarness, type ApiHarness } from "@/tests/support/api-harness";
import { startHookReceiver, type HookReceiver } from "@/tests/support/notify-receivers";
import { waitUntil } from "@/tests/support/wait";

// The notification routes on the real runtime (boot() starts the notifier from the config): a test message
// and a posted update reach a loopback receiver; GET /api/notifications shows them by channel id, never by
// URL; the draft lists what changed; the first digest goes out at once (the incident started long ago).

const TOKEN_IN_URL = "T0-secret-path-B0-xyzzy";
let harness: ApiHarness;
let hook: HookReceiver;

beforeAll(async () => {
  hook = await startHookReceiver({ secret: "sig-secret-123" });
  harness = await startApiHarness(`notify:
  channels:
    - { id: ops, type: webhook, url: "${hook.url}/${TOKEN_IN_URL}", secret: "sig-secret-123" }
  rules:
    - { on: [update_posted, digest], channels: [ops], every: 1h }
  delivery: { timeout: 2s, firstRetry: 50ms, maxRetry: 200ms, poll: 50ms }
`);
}, 60_000);
afterAll(async () => {
  await harness?.stop();
  await hook?.close();
});

const list = () => callJson<{ deliveries: DeliveryView[]; counts: Record<string, number> }>(notifications.GET, { path: "/api/notifications", as: "infra" });
const eventsSeen = () => hook.accepted().map((request) => request.headers["x-handback-event"]);

describe("notification routes", () => {
  it("sends the first digest at once: what changed, ARR at risk and the next update", async () => {
    await waitUntil(eventsSeen, (events) => events.includes("digest"), 20_000, "a digest");
    const digest = JSON.parse(hook.accepted().find((request) => request.headers["x-handback-event"] === "digest")!.body) as { text: string };
    expect(digest.text).toMatch(/^Digest: Route test incident \(API-1\)/);
    expect(digest.text).toContain("ARR at risk:");
    expect(digest.text).toContain("Latest update: none posted yet");
  });

  it("queues a test message on a channel and shows its delivery without the channel's URL", async () => {
    const queued = await callJson<{ delivery: { id: string } }>(notifyTest.POST, { method: "POST", path: "/api/notifications/test", as: "infra", body: { channel: "ops" } }, 202);
    await waitUntil(list, ({ deliveries }) => deliveries.some((d) => d.id === queued.delivery.id && d.state === "sent"), 20_000, "the test delivery sent");
    const received = hook.accepted().find((request) => request.headers["x-handback-delivery"] === queued.delivery.id)!;
    expect(received.headers["x-handback-event"]).toBe("test");
    const body = await list();
    expect(body.counts.sent).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(body)).not.toContain(TOKEN_IN_URL);
    expect(JSON.stringify(body)).not.toContain(String(hook.port));
  });

  it("is infra only, and names an unknown channel with 404", async () => {
    expect((await call(notifications.GET, { path: "/api/notifications", as: "dev" })).status).toBe(403);
    expect((await call(notifyTest.POST, { method: "POST", path: "/api/notifications/test", as: "infra", body: { channel: "pager" } })).status).toBe(404);
  });

  it("drafts an update from what changed, posts it, and notifies update_posted", async () => {
    const drafted = await callJson<{ text: string; since: string; changes: { kind: string }[] }>(draft.GET, { path: "/api/updates/draft?audience=infra", as: "infra" });
    expect(drafted.since).toBe("2025-01-01T00:00:00.000Z");
    expect(drafted.text).toMatch(/^Status update: Route test incident \(API-1\), state /);
    expect(drafted.text).toContain("Criteria met:");
    await callJson(timeline.POST, { method: "POST", path: "/api/timeline", as: "infra", body: { type: "update", text: drafted.text } }, 201);
    await waitUntil(eventsSeen, (events) => events.includes("update_posted"), 20_000, "update_posted");
    const after = await callJson<{ since: string; changes: unknown[] }>(draft.GET, { path: "/api/updates/draft", as: "dev" });
    expect(Date.parse(after.since)).toBeGreaterThan(Date.parse(drafted.since));
    expect((await call(draft.GET, { path: "/api/updates/draft?audience=board", as: "dev" })).status).toBe(400);
  });

  it("counts deliveries per state in /api/metrics", async () => {
    const text = await (await call(metrics.GET, { path: "/api/metrics", as: "viewer" })).text();
    expect(text).toMatch(/^handback_notifications\{state="sent"\} [1-9]\d*$/m);
    expect(text).toMatch(/^handback_notifications\{state="failed"\} 0$/m);
  });
});
