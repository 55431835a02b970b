import * as z from "zod";
import { NOTIFY_EVENTS } from "../notify/types";
import { positiveDurationSchema } from "./duration";
import { idSchema, urlWithScheme } from "./probe-schema";

// The `notify` section (docs/notifications.md): channels, rules and delivery tuning. Channel URLs, webhook
// secrets and SMTP credentials are secrets: messages here never echo a value, and lib/runtime.ts puts them
// on the scrub list even when written literally.

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** True for a host that never leaves the machine (the demo lab's receivers). */
export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

// Slack incoming webhooks are https; plain http only to a loopback receiver (the demo lab's sink, tests).
const slackUrl = z.string().refine((value) => {
  try {
    const url = new URL(value);
    return url.protocol === "https:" || (url.protocol === "http:" && isLoopbackHost(url.hostname));
  } catch {
    return false;
  }
}, "must be an https:// URL (http:// only to a loopback host)");

const address = z.email("must be an e-mail address");

const channelSchema = z.discriminatedUnion("type", [
  z.strictObject({ id: idSchema, type: z.literal("slack"), url: slackUrl }),
  z.strictObject({ id: idSchema, type: z.literal("webhook"), url: urlWithScheme(["https", "http"]), secret: z.string().min(1).optional() }),
  z.strictObject({ id: idSchema, type: z.literal("email"), smtp: urlWithScheme(["smtp", "smtps"]), from: address, to: z.array(address).min(1) }),
]);

const ruleSchema = z
  .strictObject({
    on: z.array(z.enum(NOTIFY_EVENTS)).min(1, "needs at least one event"),
    channels: z.array(idSchema).min(1, "needs at least one channel"),
    rootCauseOnly: z.boolean().default(false),
    every: positiveDurationSchema.optional(),
  })
  .superRefine((rule, ctx) => {
    if (rule.every !== undefined && !rule.on.includes("digest")) ctx.addIssue({ code: "custom", path: ["every"], message: "every applies to the digest event only" });
  });

// Delivery tuning: defaults are production values; tests shorten them in their config, never by sleeping.
const deliverySchema = z
  .strictObject({
    timeout: positiveDurationSchema.prefault("10s"),
    firstRetry: positiveDurationSchema.prefault("30s"),
    maxRetry: positiveDurationSchema.prefault("1h"),
    giveUpAfter: positiveDurationSchema.prefault("24h"),
    poll: positiveDurationSchema.prefault("1s"),
    concurrency: z.number().int().min(1).max(64).default(4),
  })
  .prefault({});

/** `notify:` as written, defaults applied; `coalesce` is the flapping window per component and channel. */
export const notifySchema = z
  .strictObject({
    channels: z.array(channelSchema).default([]),
    rules: z.array(ruleSchema).default([]),
    coalesce: positiveDurationSchema.prefault("10m"),
    delivery: deliverySchema,
  })
  .prefault({});

/** The notify section of a validated config. */
export type NotifyConfig = z.output<typeof notifySchema>;
/** One channel, discriminated on `type`. */
export type ChannelConfig = NotifyConfig["channels"][number];
/** One routing rule. */
export type RuleConfig = NotifyConfig["rules"][number];

/** Every value of the notify section that must never leave the server: URLs, webhook secrets, SMTP URLs. */
export function notifySecretsOf(notify: NotifyConfig): string[] {
  return notify.channels.flatMap((channel) => {
    if (channel.type === "email") return [channel.smtp];
    if (channel.type === "webhook") return [channel.url, ...(channel.secret ? [channel.secret] : [])];
    return [channel.url];
  });
}
