import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { TimelineEvent } from "@/lib/db/timeline";
import { notifyEventsOf } from "@/lib/notify/events";
import type { NotifyMessage } from "@/lib/notify/message";
import { isPermanentStatus, nextAttemptAt } from "@/lib/notify/outcome";
import { channelsFor } from "@/lib/notify/rules";
import { emailParts, signBody, slackBody, webhookBody, webhookHeaders } from "@/lib/notify/render";
import { parseValidConfig, MINIMAL_CONFIG } from "@/tests/support/config-text";

// The pure parts of notifications: which events an entry raises, routing, retry rule, backoff and renderings.

const entry = (type: TimelineEvent["type"], data: Record<string, unknown> | null, actor = "handback"): TimelineEvent => ({ id: 7, at: "2025-01-01T00:00:00.000Z", type, team: null, actor, text: "t", data });

describe("notifyEventsOf", () => {
  it.each<[string, TimelineEvent, string[]]>([
    ["a component going down", entry("transition", { componentId: "api", from: "operational", to: "down" }), ["component_down"]],
    ["a component recovering", entry("transition", { componentId: "api", from: "down", to: "operational" }), ["component_recovered"]],
    ["down to degraded (still up enough to answer)", entry("transition", { from: "down", to: "degraded" }), ["component_recovered"]],
    ["operational to degraded", entry("transition", { from: "operational", to: "degraded" }), []],
    ["unknown to operational", entry("transition", { from: "unknown", to: "operational" }), []],
    ["a criterion met", entry("criterion", { from: "unknown", to: "met" }), ["criterion_met"]],
    ["a criterion unmet", entry("criterion", { from: "met", to: "unmet" }), ["criterion_unmet"]],
    ["ready for handback", entry("state", { from: "validating", to: "ready_for_handback" }), ["incident_state", "ready_for_handback"]],
    ["handed back", entry("state", { from: "ready_for_handback", to: "handed_back" }, "alice"), ["incident_state", "handed_back"]],
    ["a person rejecting the handback", entry("state", { from: "handed_back", to: "remediating" }, "alice"), ["incident_state", "handback_rejected"]],
    ["Handback reopening after a regression", entry("state", { from: "handed_back", to: "remediating" }), ["incident_state"]],
    ["resolved", entry("state", { from: "handed_back", to: "resolved" }, "alice"), ["incident_state", "resolved"]],
    ["the opening entry", entry("state", { state: "investigating" }), []],
    ["a regression", entry("regression", { criteria: [] }), ["regression"]],
    ["a status update", entry("update", null, "alice"), ["update_posted"]],
    ["the overdue note", entry("note", { overdueSince: "2025-01-01T02:00:00Z" }), ["update_overdue"]],
    ["a plain note", entry("note", null, "alice"), []],
    ["a sign-off", entry("signoff", { criterionId: "x" }, "alice"), []],
  ])("%s", (_name, given, events) => {
    expect(notifyEventsOf(given).map((raised) => raised.event)).toEqual(events);
  });
});

describe("channelsFor", () => {
  const config = parseValidConfig(`${MINIMAL_CONFIG}notify:
  channels:
    - { id: a, type: webhook, url: "https://a.example.com" }
    - { id: b, type: webhook, url: "https://b.example.com" }
  rules:
    - { on: [component_down], channels: [a, b], rootCauseOnly: true }
    - { on: [component_down, resolved], channels: [b] }
`);
  it("lists each channel once; rootCauseOnly only when every rule routing there says so", () => {
    expect(channelsFor(config.notify, "component_down")).toEqual([{ channel: "a", rootCauseOnly: true }, { channel: "b", rootCauseOnly: false }]);
    expect(channelsFor(config.notify, "resolved")).toEqual([{ channel: "b", rootCauseOnly: false }]);
    expect(channelsFor(config.notify, "digest")).toEqual([]);
  });
});

describe("retry rule and backoff", () => {
  it.each([[400, true], [401, true], [404, true], [408, false], [429, false], [500, false], [503, false]])("status %i permanent: %s", (status, permanent) => {
    expect(isPermanentStatus(status)).toBe(permanent);
  });
  it("doubles from firstRetry, caps at maxRetry and gives up after giveUpAfter", () => {
    const backoff = { firstRetry: 30_000, maxRetry: 3_600_000, giveUpAfter: 86_400_000 };
    const created = new Date("2025-01-01T00:00:00Z");
    const delays = [1, 2, 3, 8, 9].map((attempts) => nextAttemptAt(backoff, attempts, created, created)!.getTime() - created.getTime());
    expect(delays).toEqual([30_000, 60_000, 120_000, 3_600_000, 3_600_000]);
    expect(nextAttemptAt(backoff, 30, created, new Date(created.getTime() + 86_000_000))).toBeNull();
  });
});

describe("renderings", () => {
  const message: NotifyMessage = { event: "component_down", at: "2025-01-01T00:00:00.000Z", incident: { id: "I-1", title: "Outage <b>", state: "remediating" }, text: "api: operational → down", data: { componentId: "api" }, link: "http://dash.example/" };
  it("signs the raw webhook body with HMAC-SHA256", () => {
    const body = webhookBody("d-1", message);
    const headers = webhookHeaders("d-1", message, body, "k3y");
    expect(headers["x-handback-signature"]).toBe(`sha256=${createHmac("sha256", "k3y").update(body).digest("hex")}`);
    expect(headers).toMatchObject({ "x-handback-event": "component_down", "x-handback-delivery": "d-1" });
    expect(webhookHeaders("d-1", message, body)["x-handback-signature"]).toBeUndefined();
    expect(signBody("k3y", body)).toBe(headers["x-handback-signature"]);
  });
  it("gives Slack a text fallback and blocks with the status word, icon and a link button", () => {
    const slack = JSON.parse(slackBody(message)) as { text: string; blocks: { type: string; text?: { text: string }; elements?: { url?: string }[] }[] };
    expect(slack.text).toContain("🔴 DOWN · I-1: api: operational → down");
    expect(slack.blocks[0]!.text!.text).toContain("*DOWN*");
    expect(slack.blocks[1]!.elements![0]).toMatchObject({ text: expect.stringContaining("Outage &lt;b&gt;") });
    expect(slack.blocks[2]!.elements![0]!.url).toBe("http://dash.example/");
  });
  it("e-mails the same words as text and escaped HTML", () => {
    const parts = emailParts(message);
    expect(parts.subject).toBe("[I-1] DOWN: api: operational → down");
    expect(parts.text).toContain("Open: http://dash.example/");
    expect(parts.html).toContain("Outage &lt;b&gt;");
    expect(parts.html).toContain('<a href="http://dash.example/">');
  });
});
