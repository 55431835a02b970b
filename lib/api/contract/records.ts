import { z } from "zod";
import type { HandbackRecord } from "@/lib/handback/record";
import type { ArchiveIncident } from "@/lib/report/archive";
import { describes } from "./check";
import { isoTime } from "./common";
import { resultSchema } from "./components";

// `GET /api/handback/record(s)` and `GET /api/incidents`: the frozen handback records and the archive (issue #13).

/** `?incident=ID`: a past incident of the archive instead of the live one. */
export const incidentQuery = z.object({ incident: z.string().min(1).max(200).optional() });

const frozenCriterion = z.strictObject({
  id: z.string(),
  state: z.enum(["met", "unmet", "unknown"]),
  changedAt: isoTime,
  evidence: z.strictObject({
    summary: z.string(),
    resultIds: z.array(z.number().int()).meta({ description: "the probe results read (kept by retention for good)" }),
    testRunId: z.number().int().nullable(),
    signoffId: z.number().int().nullable(),
  }),
});

export const handbackRecordSchema = describes<HandbackRecord>()(
  z
    .strictObject({
      id: z.number().int().meta({ description: "the record's permalink id: /api/handback/records/{id}" }),
      incidentId: z.string(),
      action: z.enum(["confirm", "reject"]),
      confirmedAt: isoTime.meta({ description: "when the decision (confirm or reject) was made" }),
      confirmedBy: z.string(),
      team: z.string(),
      reason: z.string().nullable(),
      disputed: z.array(z.string()),
      configHash: z.string().nullable(),
      criteria: z.array(frozenCriterion),
      testRuns: z.array(
        z.strictObject({ id: z.number().int(), suiteId: z.string(), receivedAt: isoTime, tests: z.number().int(), passed: z.number().int(), failed: z.number().int(), skipped: z.number().int(), passRate: z.number().nullable() }),
      ),
      signoffs: z.array(
        z.strictObject({ id: z.number().int(), criterionId: z.string(), team: z.string(), actor: z.string(), action: z.enum(["sign", "revoke"]), at: isoTime, note: z.string().nullable(), link: z.string().nullable() }),
      ),
      hash: z.string().meta({ description: "sha256 (hex) of the record's canonical JSON, previousHash included" }),
      previousHash: z.string().nullable(),
    })
    .meta({ id: "HandbackRecord" }),
);

export const handbackRecordsResponse = z.strictObject({ incidentId: z.string(), records: z.array(handbackRecordSchema) });
export const handbackRecordPermalinkResponse = z.strictObject({
  record: handbackRecordSchema,
  results: z.array(resultSchema).meta({ description: "the probe results the record names, as stored" }),
});

export const incidentSchema = describes<ArchiveIncident>()(
  z
    .strictObject({
      id: z.string(),
      title: z.string(),
      severity: z.string().nullable(),
      state: z.string().nullable(),
      startedAt: isoTime.nullable(),
      resolvedAt: isoTime.nullable(),
      durationMs: z.number().nullable().meta({ description: "start to resolution, else to the newest stored fact; the live unresolved incident counts to now" }),
      ongoing: z.boolean().meta({ description: "the live incident, not resolved: durationMs runs on" }),
      peakArrAtRisk: z.number().nullable().meta({ description: "the report's peak ARR at risk; null when no impact model is stored" }),
      peakAt: isoTime.nullable(),
      currency: z.string().nullable(),
    })
    .meta({ id: "Incident" }),
);
export const incidentsResponse = z.array(incidentSchema);

/** `GET /api/report?format=md|json[&incident=ID]`. */
export const reportQuery = incidentQuery.extend({ format: z.enum(["md", "json"]).default("md") });
