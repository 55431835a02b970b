import { z } from "zod";
import type { ConditionOutcome } from "@/lib/conditions/types";
import { OPERATORS } from "@/lib/conditions/types";
import type { ProbeResultRow, TransitionRow } from "@/lib/db";
import type { ComponentHistoryView, HistoryBucketView } from "@/lib/types";
import { describes } from "./check";
import { componentStatusSchema, isoTime, jsonObject, limitQuery } from "./common";

// `GET /api/components/{id}/results|transitions|history`: one component's stored evidence.

export const conditionOutcomeSchema = describes<ConditionOutcome>()(
  z
    .strictObject({
      condition: z.string(),
      success: z.boolean(),
      actual: z.union([z.string(), z.number(), z.boolean()]).nullable(),
      expected: z.string(),
      left: z.string(),
      operator: z.enum(OPERATORS),
      reason: z.string().optional(),
    })
    .meta({ id: "ConditionOutcome", description: "how one condition judged one result" }),
);

export const resultSchema = describes<ProbeResultRow>()(
  z
    .strictObject({
      id: z.number().int(),
      componentId: z.string(),
      location: z.string(),
      checkedAt: isoTime,
      ok: z.boolean(),
      status: componentStatusSchema.nullable(),
      latencyMs: z.number().nullable(),
      errorCode: z.string().nullable(),
      errorMessage: z.string().nullable(),
      phases: z.record(z.string(), z.number()).nullable().meta({ description: "phase timings in ms (http: dns, connect, tls, firstByte, total)" }),
      outcomes: z.array(conditionOutcomeSchema).nullable(),
      observations: jsonObject.meta({ description: "the placeholders the probe set, secrets scrubbed" }),
      slot: z.number().int().nullable(),
    })
    .meta({ id: "ProbeResult" }),
);

const transitionSchema = describes<TransitionRow>()(
  z
    .strictObject({
      id: z.number().int(),
      componentId: z.string(),
      location: z.string(),
      fromStatus: componentStatusSchema.nullable(),
      toStatus: componentStatusSchema,
      at: isoTime,
      reason: z.string().nullable(),
      resultId: z.number().int().nullable(),
    })
    .meta({ id: "Transition" }),
);

const bucketSchema = describes<HistoryBucketView>()(
  z.strictObject({
    location: z.string(),
    bucketStart: isoTime,
    count: z.number().int(),
    okCount: z.number().int(),
    latencyMinMs: z.number().nullable(),
    latencyAvgMs: z.number().nullable(),
    latencyMaxMs: z.number().nullable(),
  }),
);

export const resultsQuery = z.object({ limit: limitQuery(50) });
export const resultsResponse = z.strictObject({ component: z.string(), results: z.array(resultSchema) });

export const transitionsQuery = z.object({ limit: limitQuery(100) });
export const transitionsResponse = z.strictObject({ component: z.string(), transitions: z.array(transitionSchema) });

export const historyQuery = z.object({
  bucket: z.enum(["minute", "hour"], { error: "must be minute or hour" }).optional().meta({ description: "default: hour when `since` is more than 12 h ago" }),
  since: z
    .string()
    .refine((text) => !Number.isNaN(new Date(text).getTime()), { error: "must be an ISO 8601 time" })
    .optional()
    .meta({ description: "ISO 8601; default: the incident's start" }),
});
export const historyResponse = describes<ComponentHistoryView>()(
  z.strictObject({ component: z.string(), bucket: z.enum(["minute", "hour"]), since: isoTime, buckets: z.array(bucketSchema) }),
);
