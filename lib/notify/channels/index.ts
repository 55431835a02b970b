import "server-only";
import type { ChannelConfig } from "../../config";
import type { NotifyMessage } from "../message";
import type { SendOutcome } from "../outcome";
import { sendEmail } from "./email";
import { sendSlack } from "./slack";
import { sendWebhook } from "./webhook";

// One registry, type → sender (like lib/probes/index.ts): a new channel type is one file and one line here.

type Sender<T extends ChannelConfig["type"]> = (channel: Extract<ChannelConfig, { type: T }>, deliveryId: string, message: NotifyMessage, timeoutMs: number) => Promise<SendOutcome>;

const SENDERS: { [T in ChannelConfig["type"]]: Sender<T> } = {
  slack: sendSlack,
  webhook: sendWebhook,
  email: sendEmail,
};

/** Sends one message on one channel; never throws (a bug in a sender becomes a retried SEND_BUG outcome). */
export async function sendOn(channel: ChannelConfig, deliveryId: string, message: NotifyMessage, timeoutMs: number): Promise<SendOutcome> {
  try {
    return await (SENDERS[channel.type] as Sender<ChannelConfig["type"]>)(channel, deliveryId, message, timeoutMs);
  } catch {
    return { ok: false, code: "SEND_BUG", detail: "the sender failed unexpectedly", permanent: false };
  }
}
