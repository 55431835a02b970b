import { z } from "zod";
import { NOTIFY_EVENTS, type DeliveryView } from "@/lib/notify/types";
import { describes } from "./check";
import { isoTime, limitQuery } from "./common";

// `GET /api/notifications`, `POST /api/notifications/test`, `GET /api/updates/draft` (docs/notifications.md).

export const deliveryStateSchema = z.enum(["pending", "sent", "failed"]).meta({ id: "DeliveryState" });

export const deliverySchema = describes<DeliveryView>()(
  z
    .strictObject({
      id: z.string().meta({ description: "the delivery id: X-Handback-Delivery, the same on every attempt" }),
      channel: z.string().meta({ description: "the channel id of the config (never its URL)" }),
      event: z.enum(NOTIFY_EVENTS),
      state: deliveryStateSchema,
      attempts: z.number().int().min(0),
      lastError: z.string().nullable().meta({ description: "CODE: detail of the latest failed attempt, scrubbed of secrets" }),
      createdAt: isoTime,
      sentAt: isoTime.nullable(),
      nextAttemptAt: isoTime.nullable().meta({ description: "when a pending delivery is tried next" }),
      text: z.string(),
    })
    .meta({ id: "Delivery" }),
);

export const notificationsQuery = z.strictObject({ limit: limitQuery(100) });
export const notificationsResponse = z.strictObject({
  deliveries: z.array(deliverySchema),
  counts: z.strictObject({ pending: z.number().int(), sent: z.number().int(), failed: z.number().int() }),
});

export const notifyTestBody = z.strictObject({ channel: z.string().min(1).meta({ description: "a channel id of notify.channels" }) });
export const notifyTestResponse = z.strictObject({ delivery: z.strictObject({ id: z.string(), channel: z.string(), state: deliveryStateSchema }) });

export const draftQuery = z.strictObject({ audience: z.enum(["infra", "leadership"]).default("infra") });

export const draftChangeSchema = z
  .strictObject({
    kind: z.enum(["component", "criterion", "state", "phase", "regression", "impact", "eta"]),
    text: z.string(),
    at: isoTime.nullable(),
  })
  .meta({ id: "DraftChange" });

export const draftResponse = z.strictObject({
  text: z.string().meta({ description: "the drafted update, ready to edit and post" }),
  since: isoTime.meta({ description: "the last posted update (or the incident start)" }),
  changes: z.array(draftChangeSchema),
});
