import { z } from "zod";
import type { ErrorCode } from "@/lib/errors";
import type { StorageErrorCode } from "@/lib/db/errors";
import type { ComponentStatus, CriterionState, ErrorInfo } from "@/lib/types";
import { INCIDENT_STATES } from "@/lib/types";
import { covers, describes } from "./check";

// Building blocks shared by the resource files of the contract.

/** Every code an API error can carry: the AppError codes plus the storage codes errorResponse passes through. */
const ERROR_CODES = [
  "BAD_REQUEST",
  "UNAUTHORIZED",
  "FORBIDDEN",
  "NOT_FOUND",
  "CONFLICT",
  "CSRF",
  "PAYLOAD_TOO_LARGE",
  "UNSUPPORTED_MEDIA_TYPE",
  "RATE_LIMITED",
  "STORAGE_UNAVAILABLE",
  "STORAGE_TIMEOUT",
  "NOT_READY",
  "OVERLOADED",
  "INTERNAL",
] as const satisfies readonly (ErrorCode | Exclude<StorageErrorCode, "QUERY_FAILED">)[];
/** One code of ERROR_CODES. */
export type ApiErrorCode = (typeof ERROR_CODES)[number];
// The list above must name every code: a code added to ErrorCode or StorageErrorCode breaks this line.
covers<Exclude<ErrorCode | Exclude<StorageErrorCode, "QUERY_FAILED">, ApiErrorCode>>();

/** `{"error":{"code","message",…}}`: details such as `line`, `column` or `retryAfter` may follow the message. */
export const errorBodySchema = z
  .strictObject({ error: z.looseObject({ code: z.enum(ERROR_CODES), message: z.string().min(1) }) })
  .meta({ id: "Error", description: "Every API error; a 5xx never carries a stack, SQL or a connection string." });

/** An ISO 8601 time as the API writes it. */
export const isoTime = z.iso.datetime({ offset: true });

/** A free-form JSON object (evidence, event data). */
export const jsonObject = z.record(z.string(), z.unknown());

export const componentStatusSchema = describes<ComponentStatus>()(z.enum(["operational", "degraded", "down", "unknown"]).meta({ id: "ComponentStatus" }));
export const criterionStateSchema = describes<CriterionState>()(z.enum(["met", "unmet", "unknown"]).meta({ id: "CriterionState" }));
export const incidentStateSchema = z.enum(INCIDENT_STATES).meta({ id: "IncidentState" });

/** A stable error as probes and the snapshot report it. */
export const errorInfoSchema = describes<ErrorInfo>()(z.strictObject({ code: z.string(), message: z.string() }).meta({ id: "ErrorInfo" }));

/** `{id}` in a path: a component, criterion or phase id of the config. */
export const idParams = z.strictObject({ id: z.string().min(1).meta({ description: "an id from the incident config" }) });

/** `?limit=N`: a whole number from 1 to 1000, `fallback` when absent. */
export function limitQuery(fallback: number) {
  const message = "must be a whole number from 1 to 1000";
  return z.coerce.number({ error: message }).int({ error: message }).min(1, { error: message }).max(1000, { error: message }).default(fallback);
}

/** A streak below its threshold (lib/types/snapshot.ts ConfirmingView); null or absent when none is under way. */
export const confirmingSchema = z
  .strictObject({ verdict: z.enum(["fail", "pass"]), count: z.number().int().min(1), of: z.number().int().min(2) })
  .nullable()
  .optional()
  .meta({ id: "Confirming", description: "consecutive results below their threshold: `count` failing results of the failureThreshold `of` (not yet down), or passing ones of the successThreshold (down or never confirmed)" });
