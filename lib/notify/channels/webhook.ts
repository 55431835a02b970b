import "server-only";
import type { ChannelConfig } from "../../config";
import type { NotifyMessage } from "../message";
import type { SendOutcome } from "../outcome";
import { webhookBody, webhookHeaders } from "../render";
import { postJson } from "./post-json";

type WebhookChannel = Extract<ChannelConfig, { type: "webhook" }>;

/** Posts the webhook body of docs/notifications.md "Payloads" with X-Handback-Event, X-Handback-Delivery and (with a secret) X-Handback-Signature. */
export function sendWebhook(channel: WebhookChannel, deliveryId: string, message: NotifyMessage, timeoutMs: number): Promise<SendOutcome> {
  const body = webhookBody(deliveryId, message);
  return postJson(channel.url, body, webhookHeaders(deliveryId, message, body, channel.secret), timeoutMs);
}
