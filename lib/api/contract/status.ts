import { z } from "zod";
import type { CadenceView, ComponentLocationView, ComponentView, CriterionView, EtaView, FunctionView, GateView, IncidentMoveView, PhaseView, RootCauseImpact, SegmentView, StatusSnapshot, StorageState, SuiteView, TestsTotal, UnmetCriterionView, WatchView } from "@/lib/types";
import { describes } from "./check";
import { componentStatusSchema, confirmingSchema, criterionStateSchema, errorInfoSchema, incidentStateSchema, isoTime, jsonObject } from "./common";

// `GET /api/status`: the snapshot of the whole incident (lib/types/snapshot.ts StatusSnapshot).

const nullableTime = isoTime.nullable();

export const componentLocationSchema = describes<ComponentLocationView>()(
  z.strictObject({
    location: z.string(),
    status: componentStatusSchema,
    checkedAt: isoTime,
    latencyMs: z.number().nullable(),
    error: errorInfoSchema.nullable(),
    stale: z.boolean(),
    confirming: confirmingSchema,
  }),
);

export const componentViewSchema = describes<ComponentView>()(
  z
    .strictObject({
      id: z.string(),
      name: z.string(),
      group: z.string(),
      type: z.string(),
      dependsOn: z.array(z.string()),
      status: componentStatusSchema,
      checkedAt: nullableTime,
      latencyMs: z.number().nullable(),
      error: errorInfoSchema.nullable(),
      stale: z.boolean(),
      confirming: confirmingSchema,
      locations: z.array(componentLocationSchema).optional(),
      rootCause: z.array(z.string()).meta({
        description: "ids of the down upstreams (dependsOn, transitively) that explain this component not being up: the nearest whose own upstreams hold nothing down; [] when none",
      }),
    })
    .meta({ id: "ComponentView" }),
);

export const criterionViewSchema = describes<CriterionView>()(
  z
    .strictObject({
      id: z.string(),
      title: z.string(),
      owner: z.string(),
      kind: z.enum(["components", "suite", "signoff"]),
      state: criterionStateSchema,
      evidence: jsonObject.nullable().meta({ description: "what decided the state: results, a test run or a sign-off" }),
    })
    .meta({ id: "CriterionView" }),
);

export const phaseViewSchema = describes<PhaseView>()(
  z
    .strictObject({
      id: z.string(),
      name: z.string(),
      owner: z.string(),
      estimateMinMs: z.number(),
      estimateMaxMs: z.number(),
      exitCriteria: z.array(z.string()),
      state: z.enum(["done", "active", "pending"]),
      startedAt: nullableTime,
      endedAt: nullableTime,
      endedBy: z.enum(["completed", "criteria", "inferred"]).nullable(),
      elapsedMs: z.number().nullable(),
      overrun: z.boolean(),
    })
    .meta({ id: "PhaseView" }),
);

const cadenceSchema = describes<CadenceView>()(
  z.strictObject({
    everyMs: z.number().nullable(),
    owner: z.string(),
    lastUpdateAt: nullableTime,
    lastUpdateBy: z.string().nullable(),
    dueAt: nullableTime,
    overdue: z.boolean(),
  }),
);

const suiteViewSchema = describes<SuiteView>()(
  z.strictObject({
    id: z.string(),
    name: z.string(),
    critical: z.boolean(),
    latest: z
      .strictObject({ tests: z.number(), passed: z.number(), failed: z.number(), skipped: z.number(), passRate: z.number().nullable(), receivedAt: isoTime })
      .nullable(),
    expected: z.number().nullable(),
    firstPassed: z.number().nullable(),
    cases: z
      .strictObject({ fixed: z.array(z.string()), stillFailing: z.array(z.string()), newlyFailing: z.array(z.string()), flaky: z.array(z.string()) })
      .nullable()
      .meta({ description: "case keys (classname::name) against the first run; flaky: flipped at least twice in the last 5 runs" }),
  }),
);

const testsTotalSchema = describes<TestsTotal>()(
  z.strictObject({ passed: z.number(), expected: z.number(), firstPassed: z.number() }).meta({ description: "passed of expected across suites, e.g. 12 of 28 at first, 28 of 28 now" }),
);

const impactStateSchema = z.enum(["online", "partial", "offline", "unknown"]);
const segmentSchema = describes<SegmentView>()(z.strictObject({ id: z.string(), name: z.string(), arr: z.number(), exposure: z.number(), state: impactStateSchema }));
const functionSchema = describes<FunctionView>()(z.strictObject({ id: z.string(), name: z.string(), state: impactStateSchema }));

const rootCauseImpactSchema = describes<RootCauseImpact>()(
  z
    .strictObject({
      componentId: z.string(),
      arrAtRisk: z.number().meta({ description: "exposed ARR of every offline segment beneath this cause, in full even when other causes share it" }),
      arrAtRiskAlone: z.number().meta({ description: "the part of it from segments with no other cause" }),
    })
    .meta({ id: "RootCauseImpact" }),
);

const storageStateSchema = describes<StorageState>()(
  z.strictObject({ degraded: z.boolean(), buffered: z.number().int(), dropped: z.number().int(), since: nullableTime }),
);

const etaSchema = describes<EtaView>()(
  z.strictObject({
    earliest: isoTime,
    latest: isoTime,
    basis: z
      .array(
        z.strictObject({
          phaseId: z.string(),
          name: z.string(),
          state: z.enum(["active", "pending"]),
          remainingMinMs: z.number(),
          remainingMaxMs: z.number(),
        }),
      )
      .meta({ description: "each unfinished phase's remaining estimate: the active one net of its elapsed time, pending ones in full" }),
  }),
);

const incidentMoveSchema = describes<IncidentMoveView>()(
  z.strictObject({ to: incidentStateSchema, roles: z.array(z.string()), needsReason: z.boolean() }).meta({ id: "IncidentMove" }),
);

const incidentSchema = describes<StatusSnapshot["incident"]>()(
  z.strictObject({
    id: z.string(),
    title: z.string(),
    severity: z.string(),
    state: incidentStateSchema,
    startedAt: isoTime,
    summary: z.string().nullable(),
    updateEveryMs: z.number().nullable(),
    outageMs: z.number(),
    criteriaMet: z.strictObject({ met: z.number().int(), total: z.number().int() }),
    eta: etaSchema.nullable(),
    cadence: cadenceSchema,
    moves: z.array(incidentMoveSchema).meta({ description: "the manual moves from `state` and the teams that may make each" }),
  }),
);

/** A criterion the gate waits for; also listed by a refused `resolved` (409 `unmet`). */
export const unmetCriterionSchema = describes<UnmetCriterionView>()(
  z.strictObject({ id: z.string(), title: z.string(), owner: z.string(), state: criterionStateSchema }).meta({ id: "UnmetCriterion" }),
);

/** The watch after the handback (lib/incident/gate.ts). */
export const watchViewSchema = describes<WatchView>()(
  z.strictObject({ since: isoTime, until: isoTime, ended: z.boolean().meta({ description: "until has passed with no regression" }) }).meta({ id: "Watch" }),
);

const gateSchema = describes<GateView>()(
  z
    .strictObject({
      readyForHandback: z.boolean().meta({ description: "every infra criterion is met" }),
      readyToResolve: z.boolean().meta({ description: "handed back, every criterion met, and the watch over with no regression" }),
      infraUnmet: z.array(unmetCriterionSchema),
      unmet: z.array(unmetCriterionSchema),
      watch: watchViewSchema.nullable().meta({ description: "set while the incident is handed back" }),
    })
    .meta({ id: "Gate" }),
);

const impactSchema = describes<StatusSnapshot["impact"]>()(
  z.strictObject({
    currency: z.string(),
    arrTotal: z.number().meta({ description: "the ARR of every configured segment" }),
    arrExposed: z.number().meta({ description: "Σ ARR × exposure: what a full outage puts at risk" }),
    arrAtRisk: z.number().meta({ description: "exposure-weighted ARR at risk now: offline segments in full, partial by half" }),
    arrUnknown: z.number(),
    segments: z.array(segmentSchema),
    functions: z.array(functionSchema),
    byRootCause: z.array(rootCauseImpactSchema).meta({ description: "ARR at risk per root cause, largest first; amounts overlap when causes share a segment" }),
  }),
);

export const statusSnapshotSchema = describes<StatusSnapshot>()(
  z
    .strictObject({
      generatedAt: isoTime,
      incident: incidentSchema,
      gate: gateSchema,
      components: z.array(componentViewSchema),
      criteria: z.array(criterionViewSchema),
      phases: z.array(phaseViewSchema),
      tests: z.strictObject({ suites: z.array(suiteViewSchema), total: testsTotalSchema }),
      impact: impactSchema,
      storage: storageStateSchema.optional().meta({ description: "set by the answering process's probe engine" }),
    })
    .meta({ id: "StatusSnapshot" }),
);

/** `GET /api/status?fresh=1`: wait for a build that holds every event heard so far (lib/snapshot/read.ts). */
export const statusReadQuery = z.object({
  fresh: z.enum(["1"]).optional().meta({ description: "1: a snapshot that holds every event the server had published when the request came (the page's refetch after a live event); without it, a build up to a second old may answer" }),
});
