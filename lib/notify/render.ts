import { createHmac } from "node:crypto";
import { EVENT_LOOK, headline, type NotifyMessage } from "./message";

// Pure renderings of a message per channel (docs/notifications.md "Payloads"). Tests compare them byte for byte.

/** The webhook body of docs/notifications.md "Payloads": exactly { id, event, at, incident, text, data }; the link rides in data. */
export function webhookBody(deliveryId: string, message: NotifyMessage): string {
  return JSON.stringify({ id: deliveryId, event: message.event, at: message.at, incident: message.incident, text: message.text, data: { ...message.data, link: message.link } });
}

/** `sha256=<hex HMAC-SHA256 of the raw body>` as X-Handback-Signature carries it. */
export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

/** The headers every webhook attempt sends; the delivery id is the same on every retry. */
export function webhookHeaders(deliveryId: string, message: NotifyMessage, body: string, secret?: string): Record<string, string> {
  const headers: Record<string, string> = { "content-type": "application/json", "x-handback-event": message.event, "x-handback-delivery": deliveryId };
  if (secret) headers["x-handback-signature"] = signBody(secret, body);
  return headers;
}

/** Slack's incoming-webhook JSON: `text` for notifications and fallbacks, `blocks` with the status word, icon and link. */
export function slackBody(message: NotifyMessage): string {
  const look = EVENT_LOOK[message.event];
  const context = `${message.incident.title} · state ${message.incident.state} · ${message.at}`;
  return JSON.stringify({
    text: `${headline(message)} (${message.link})`,
    blocks: [
      { type: "section", text: { type: "mrkdwn", text: `${look.icon} *${look.word}* · ${escapeSlack(message.incident.id)}\n${escapeSlack(message.text)}` } },
      { type: "context", elements: [{ type: "mrkdwn", text: escapeSlack(context) }] },
      { type: "actions", elements: [{ type: "button", text: { type: "plain_text", text: "Open in Handback" }, url: message.link }] },
    ],
  });
}

/** Slack's three control characters (https://api.slack.com/reference/surfaces/formatting#escaping). */
function escapeSlack(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function escapeHtml(text: string): string {
  return escapeSlack(text).replace(/"/g, "&quot;");
}

/** An e-mail: subject, plain text and HTML (the same words, the same link). */
export function emailParts(message: NotifyMessage): { subject: string; text: string; html: string } {
  const look = EVENT_LOOK[message.event];
  const firstLine = message.text.split("\n")[0] ?? "";
  const subject = `[${message.incident.id}] ${look.word}: ${firstLine}`.slice(0, 200);
  const text = `${look.icon} ${look.word}\n\n${message.text}\n\nIncident ${message.incident.id} (${message.incident.title}), state ${message.incident.state}\n${message.at}\n\nOpen: ${message.link}\n`;
  const paragraphs = message.text.split("\n").map((line) => `<p>${escapeHtml(line)}</p>`).join("");
  const html = `<h2>${look.icon} ${escapeHtml(look.word)}</h2>${paragraphs}<p>Incident ${escapeHtml(message.incident.id)} (${escapeHtml(message.incident.title)}), state <b>${escapeHtml(message.incident.state)}</b>, ${escapeHtml(message.at)}</p><p><a href="${escapeHtml(message.link)}">Open in Handback</a></p>`;
  return { subject, text, html };
}
