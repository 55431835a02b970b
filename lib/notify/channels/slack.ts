import "server-only";
import type { ChannelConfig } from "../../config";
import type { NotifyMessage } from "../message";
import type { SendOutcome } from "../outcome";
import { slackBody } from "../render";
import { postJson } from "./post-json";

type SlackChannel = Extract<ChannelConfig, { type: "slack" }>;

/** Posts to a Slack incoming webhook (`text` plus `blocks`); event and delivery id ride in headers Slack ignores. */
export function sendSlack(channel: SlackChannel, deliveryId: string, message: NotifyMessage, timeoutMs: number): Promise<SendOutcome> {
  return postJson(channel.url, slackBody(message), { "content-type": "application/json", "x-handback-event": message.event, "x-handback-delivery": deliveryId }, timeoutMs);
}
