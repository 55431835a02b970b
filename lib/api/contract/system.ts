import { z } from "zod";

// Liveness, readiness, metrics and this document.

export const healthResponse = z.strictObject({ status: z.literal("ok") });

export const readyResponse = z.strictObject({ status: z.literal("ready"), storage: z.string().meta({ description: "pglite or postgres" }) });

export const notReadyResponse = z.strictObject({
  status: z.literal("unavailable"),
  reason: z.string(),
  error: z.strictObject({ code: z.literal("NOT_READY"), message: z.string() }),
});

export const metricsText = z.string().meta({ description: "Prometheus text format 0.0.4" });

export const openApiResponse = z.looseObject({ openapi: z.string(), info: z.record(z.string(), z.unknown()), paths: z.record(z.string(), z.unknown()) });
