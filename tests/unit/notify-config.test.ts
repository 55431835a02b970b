import { describe, expect, it } from "vitest";
import { formatProblem, parseConfigText } from "@/lib/config";
import { MINIMAL_CONFIG, lineOfSnippet, parseValidConfig } from "@/tests/support/config-text";

// The `notify` section: valid channels and rules, and every bad input as a config error naming field and line,
// without echoing the value (a channel URL is a secret).

const withNotify = (notify: string) => `${MINIMAL_CONFIG}notify:\n${notify}`;

describe("notify config", () => {
  it("accepts the documented example (docs/notifications.md) and fills the delivery defaults", () => {
    const config = parseValidConfig(
      withNotify(`  channels:
    - { id: ops, type: slack, url: "\${SLACK_WEBHOOK_URL}" }
    - { id: hooks, type: webhook, url: "https://hooks.example.com/handback", secret: "\${HOOK_SECRET}" }
    - { id: leaders, type: email, smtp: "\${SMTP_URL}", from: "handback@example.com", to: [cto@example.com] }
  rules:
    - { on: [ready_for_handback, handed_back, handback_rejected, regression, resolved], channels: [ops, hooks] }
    - { on: [component_down, component_recovered], channels: [ops], rootCauseOnly: true }
    - { on: [update_overdue], channels: [ops] }
    - { on: [digest], channels: [leaders], every: 2h }
`),
      { SLACK_WEBHOOK_URL: "https://hooks.slack.com/services/T0/B0/xyz", HOOK_SECRET: "s3cret", SMTP_URL: "smtps://user:pw@smtp.example.com:465" },
    );
    expect(config.notify.channels.map((channel) => channel.type)).toEqual(["slack", "webhook", "email"]);
    expect(config.notify.rules[3]).toMatchObject({ on: ["digest"], every: 2 * 3_600_000, rootCauseOnly: false });
    expect(config.notify.delivery).toEqual({ timeout: 10_000, firstRetry: 30_000, maxRetry: 3_600_000, giveUpAfter: 86_400_000, poll: 1_000, concurrency: 4 });
    expect(config.notify.coalesce).toBe(600_000);
  });

  it("has no channels and no rules when the section is left out", () => {
    expect(parseValidConfig(MINIMAL_CONFIG).notify).toMatchObject({ channels: [], rules: [] });
  });

  it.each([
    ["an unknown channel in a rule", `  channels: [{ id: ops, type: webhook, url: "https://h.example.com" }]\n  rules: [{ on: [resolved], channels: [pager] }]\n`, "rules: [", 'notify.rules.0.channels.0: unknown channel "pager"'],
    ["a non-https Slack URL", `  channels:\n    - { id: ops, type: slack, url: "http://hooks.slack.com/services/x" }\n`, "- { id: ops", "notify.channels.0.url: must be an https:// URL (http:// only to a loopback host)"],
    ["a bad SMTP URL", `  channels:\n    - { id: mail, type: email, smtp: "mailto:user:pw@smtp.example.com", from: a@example.com, to: [b@example.com] }\n`, "- { id: mail", "notify.channels.0.smtp: must be a smtp:// or smtps:// URL"],
    ["an unknown event", `  channels: [{ id: ops, type: webhook, url: "https://h.example.com" }]\n  rules: [{ on: [exploded], channels: [ops] }]\n`, "rules: [", "notify.rules.0.on.0"],
    ["every on a rule without digest", `  channels: [{ id: ops, type: webhook, url: "https://h.example.com" }]\n  rules:\n    - { on: [resolved], channels: [ops], every: 1h }\n`, "- { on: [resolved]", "notify.rules.0.every: every applies to the digest event only"],
    ["a duplicate channel id", `  channels:\n    - { id: ops, type: webhook, url: "https://h.example.com" }\n    - { id: ops, type: webhook, url: "https://i.example.com" }\n`, "- { id: ops, type: webhook, url: \"https://i", 'notify.channels.1.id: duplicate id "ops"'],
  ])("reports %s with its line", (_name, notify, lineOf, expected) => {
    const text = withNotify(notify);
    const parsed = parseConfigText(text, {});
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    const messages = parsed.problems.map(formatProblem);
    const problem = messages.find((message) => message.startsWith(expected.split(":")[0]!));
    expect(problem, messages.join("\n")).toContain(expected);
    expect(problem).toContain(`(line ${lineOfSnippet(text, lineOf)})`);
  });

  it("allows plain http to a loopback Slack receiver (the demo lab's sink)", () => {
    const config = parseValidConfig(withNotify(`  channels:\n    - { id: ops, type: slack, url: "http://127.0.0.1:4999/slack" }\n`));
    expect(config.notify.channels[0]).toMatchObject({ type: "slack" });
  });

  it("never echoes the secret value in an error", () => {
    const parsed = parseConfigText(withNotify(`  channels:\n    - { id: ops, type: slack, url: "http://hooks.slack.com/services/T0/SECRET-PART" }\n`), {});
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problems.map(formatProblem).join("\n")).not.toContain("SECRET-PART");
  });
});
