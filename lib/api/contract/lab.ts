import { z } from "zod";
import type { LabNotificationView } from "@/lib/notify/types";
import { describes } from "./check";

// `GET` / `POST /api/lab/faults`: the demo lab's fault switches (404 when the lab is off).

export const labFaultBody = z.strictObject({ fault: z.string().min(1), mode: z.string().min(1) });

export const labFaultsResponse = z.strictObject({
  faults: z.array(z.strictObject({ id: z.string(), mode: z.string(), modes: z.array(z.string()) })),
});

export const labFaultFlippedResponse = z.strictObject({
  fault: z.string(),
  mode: z.string(),
  faults: z.record(z.string(), z.string()).meta({ description: "every fault's mode after the flip" }),
});

// `GET /api/lab/notifications`: what the demo lab's notification sinks received (404 when the lab is off).
export const labNotificationsResponse = z.strictObject({
  messages: z.array(
    describes<LabNotificationView>()(
      z.strictObject({
        at: z.iso.datetime({ offset: true }),
        via: z.enum(["webhook", "slack", "email"]),
        event: z.string().nullable(),
        delivery: z.string().nullable(),
        text: z.string(),
        signatureValid: z.boolean().nullable(),
      }).meta({ id: "LabNotification" }),
    ),
  ),
});
