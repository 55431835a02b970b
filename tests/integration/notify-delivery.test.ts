import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IncidentConfig } from "@/lib/config";
import { listDeliveries, type Db } from "@/lib/db";
import { createLocalBus } from "@/lib/events/bus";
import { postTimelineEntry } from "@/lib/incident/actions";
import { startNotifier, type Notifier } from "@/lib/notify/notifier";
import type { DeliveryView } from "@/lib/notify/types";
import { parseValidConfig } from "@/tests/support/config-text";
import { storageBackends } from "@/tests/support/db-targets";
import { startHookReceiver, startSmtpSink, type HookBehaviour, type HookReceiver, type SmtpSink } from "@/tests/support/notify-receivers";
import { useSuiteStore } from "@/tests/support/suite-store";
import { waitUntil } from "@/tests/support/wait";

// Delivery end to end on PGlite: a status update written through the real action raises `update_posted` in
// the same transaction; the notifier routes it and delivers it to real loopback receivers (HTTP with an HMAC
// check, smtp-server), retrying on schedule with short backoff from the config, never by sleeping.

const SECRET = "hook-secret-for-tests";
const INFRA = { name: "ci-infra", role: "infra" };
const BASE = "http://dash.example.test:3000";

function configFor(hookUrl: string, smtpPort: number, delivery = "{ timeout: 400ms, firstRetry: 50ms, maxRetry: 200ms, giveUpAfter: 1h, poll: 50ms }"): IncidentConfig {
  return parseValidConfig(`incident: { id: N-1, title: Notify, severity: P1, startedAt: 2025-01-01T00:00:00Z }
teams: [{ id: infra }]
components:
  - { id: api, probe: { type: tcp, host: 127.0.0.1, port: 9 } }
notify:
  channels:
    - { id: hooks, type: webhook, url: "${hookUrl}", secret: "${SECRET}" }
    - { id: mail, type: email, smtp: "smtp://alerts:s3cret-pass@127.0.0.1:${smtpPort}", from: handback@example.com, to: [cto@example.com] }
  rules:
    - { on: [update_posted], channels: [hooks] }
    - { on: [update_overdue], channels: [mail] }
  delivery: ${delivery}
`);
}

const backend = storageBackends({ url: null, skipReason: "PGlite only here" })[0]!;

describe("notification delivery (PGlite, loopback receivers)", () => {
  const store = useSuiteStore(backend);
  let hook: HookReceiver;
  let smtp: SmtpSink;
  let notifier: Notifier | null = null;

  beforeAll(async () => {
    hook = await startHookReceiver({ secret: SECRET });
    smtp = await startSmtpSink({ user: "alerts", pass: "s3cret-pass" });
  });
  afterAll(async () => {
    await notifier?.stop();
    await hook.close();
    await smtp.close();
  });

  async function run(config: IncidentConfig, db: Db = store.db()): Promise<void> {
    await notifier?.stop();
    notifier = startNotifier({ db, config, baseUrl: BASE });
  }
  async function post(config: IncidentConfig, text: string): Promise<void> {
    await postTimelineEntry(store.db(), createLocalBus(), config.incident.id, INFRA, "update", text);
  }
  const deliveryOf = (text: string) => async (): Promise<DeliveryView | undefined> => (await listDeliveries(store.db(), "N-1")).find((d) => d.text === text);
  const settled = (d: DeliveryView | undefined) => d !== undefined && d.state !== "pending";

  it("fails twice, then delivers exactly one event with the same delivery id and a valid signature", async () => {
    const config = configFor(hook.url, smtp.port);
    const from = hook.requests.length;
    hook.behave = (n) => (n - from < 2 ? "500" : "ok");
    await run(config);
    await post(config, "VPC connector recreated");
    const delivery = await waitUntil(deliveryOf("VPC connector recreated"), settled);
    expect(delivery).toMatchObject({ state: "sent", attempts: 3, channel: "hooks", event: "update_posted" });
    const seen = hook.requests.slice(from);
    expect(seen.map((request) => request.answered)).toEqual(["500", "500", "ok"]);
    expect(new Set(seen.map((request) => request.headers["x-handback-delivery"]))).toEqual(new Set([delivery!.id]));
    expect(seen.every((request) => request.signatureValid === true && request.headers["x-handback-event"] === "update_posted")).toBe(true);
    const body = JSON.parse(seen[2]!.body) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(["at", "data", "event", "id", "incident", "text"]);
    expect(body).toMatchObject({ id: delivery!.id, event: "update_posted", incident: { id: "N-1", title: "Notify" }, text: "VPC connector recreated", data: { link: `${BASE}/timeline` } });
  });

  it("does not retry a 400, retries a 429", async () => {
    const config = configFor(hook.url, smtp.port);
    await run(config);
    hook.behave = () => "400";
    await post(config, "answered 400");
    expect(await waitUntil(deliveryOf("answered 400"), settled)).toMatchObject({ state: "failed", attempts: 1, lastError: "HTTP_400: the receiver answered 400" });
    const from = hook.requests.length;
    hook.behave = (n) => (n - from < 1 ? "429" : "ok");
    await post(config, "answered 429");
    expect(await waitUntil(deliveryOf("answered 429"), settled)).toMatchObject({ state: "sent", attempts: 2 });
  });

  it.each<[HookBehaviour, string]>([
    ["hang", "TIMEOUT"],
    ["drip", "TIMEOUT"],
    ["reset", "UND_ERR_SOCKET"],
    ["500", "HTTP_500"],
  ])("bounds and retries an attempt that meets %s", async (fault, code) => {
    const config = configFor(hook.url, smtp.port);
    await run(config);
    const from = hook.requests.length;
    hook.behave = (n) => (n - from < 2 ? fault : "ok");
    await post(config, `fault ${fault}`);
    const delivery = await waitUntil(deliveryOf(`fault ${fault}`), settled);
    expect(delivery).toMatchObject({ state: "sent", attempts: 3 });
    const failed = hook.requests.slice(from, from + 2);
    expect(failed.map((request) => request.answered)).toEqual([fault, fault]);
    expect(delivery!.lastError).toMatch(new RegExp(`^(${code}|ECONNRESET):`)); // kept after the success, for the panel
    const ids = new Set(hook.requests.slice(from).map((request) => request.headers["x-handback-delivery"]));
    expect(ids.size).toBe(1);
  });

  it("records the failure code of a fault while it lasts, without the channel's URL", async () => {
    const config = configFor(hook.url, smtp.port, "{ timeout: 300ms, firstRetry: 1h, maxRetry: 1h, giveUpAfter: 24h, poll: 50ms }");
    await run(config);
    hook.behave = () => "hang";
    await post(config, "hangs once");
    const delivery = await waitUntil(deliveryOf("hangs once"), (d) => d?.attempts === 1 && d.lastError !== null);
    expect(delivery).toMatchObject({ state: "pending", lastError: "TIMEOUT: no complete answer within 300 ms" });
    expect(JSON.stringify(delivery)).not.toContain(String(hook.port));
  });

  it("e-mails plain text and HTML through a real SMTP server with the URL's login", async () => {
    const config = configFor(hook.url, smtp.port);
    await run(config);
    const { appendNotified } = await import("@/lib/notify/enqueue");
    await store.db().transaction((tx) => appendNotified(tx, "N-1", { type: "note", text: "Status update from infra is overdue", team: "infra", actor: "handback", data: { overdueSince: new Date().toISOString() } }));
    const delivery = await waitUntil(deliveryOf("Status update from infra is overdue"), settled);
    expect(delivery).toMatchObject({ state: "sent", channel: "mail", event: "update_overdue" });
    const mail = smtp.messages.at(-1)!;
    expect(mail).toMatchObject({ from: "handback@example.com", to: ["cto@example.com"], user: "alerts" });
    expect(mail.raw).toMatch(/Subject: \[N-1\] UPDATE OVERDUE: Status update from infra is overdue/);
    expect(mail.raw).toContain("text/plain");
    expect(mail.raw).toContain("text/html");
    expect(mail.raw).toContain(`X-Handback-Delivery: ${delivery!.id}`);
  });

  it("delivers after a restart what it could not deliver while the receiver was down", async () => {
    const port = hook.port;
    const config = configFor(hook.url, smtp.port);
    await hook.close();
    await run(config);
    await post(config, "written while the receiver is down");
    await waitUntil(deliveryOf("written while the receiver is down"), (d) => (d?.attempts ?? 0) >= 1 && d?.lastError !== null);
    await notifier?.stop();
    notifier = null;
    const db = await store.reopen();
    hook = await startHookReceiver({ secret: SECRET, port });
    await run(config, db);
    const delivery = await waitUntil(deliveryOf("written while the receiver is down"), settled);
    expect(delivery?.state).toBe("sent");
    expect(hook.accepted().map((request) => request.headers["x-handback-delivery"])).toEqual([delivery!.id]);
  });
});
