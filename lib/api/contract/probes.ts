import { z } from "zod";
import type { CheckOutcome } from "@/lib/engine/engine";
import type { ProbeResult } from "@/lib/probes/types";
import type { ErrorInfo } from "@/lib/types";
import { describes } from "./check";
import { componentStatusSchema, errorInfoSchema, isoTime } from "./common";
import { conditionOutcomeSchema } from "./components";

// `POST /api/probes/run`: run probes now and return the judged results.

export const probesRunBody = z.strictObject({ components: z.array(z.string()).min(1).optional().meta({ description: "component ids; default: every component" }) });

const observationValue = z.union([z.string(), z.number(), z.boolean(), z.null(), z.record(z.string(), z.string())]);

// The error code is documented as a string: ProbeErrorCode is a type without a runtime list.
const probeResultSchema = describes<Omit<ProbeResult, "error" | "screenshot"> & { error?: ErrorInfo }>()(
  z.strictObject({
    ok: z.boolean(),
    latencyMs: z.number(),
    checkedAt: isoTime,
    error: errorInfoSchema.optional(),
    observations: z.record(z.string(), observationValue),
    phases: z
      .object({ dns: z.number().optional(), connect: z.number().optional(), tls: z.number().optional(), firstByte: z.number().optional(), total: z.number() })
      .catchall(z.number()) // a browser probe's steps: "1 goto", "2 fill", …
      .optional(),
  }),
);

const checkOutcomeSchema = describes<Omit<CheckOutcome, "result"> & { result: z.output<typeof probeResultSchema> }>()(
  z
    .strictObject({
      componentId: z.string(),
      status: componentStatusSchema,
      verdict: z.enum(["pass", "degraded", "fail", "unknown"]),
      error: errorInfoSchema.nullable(),
      outcomes: z.array(conditionOutcomeSchema),
      result: probeResultSchema,
      resultId: z.number().int().nullable().meta({ description: "null when storage is down and the result waits in memory" }),
    })
    .meta({ id: "CheckOutcome" }),
);

export const probesRunResponse = z.strictObject({ results: z.array(checkOutcomeSchema) });
