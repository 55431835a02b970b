import * as z from "zod";
import { addScopeIssues, conditionListSchema, scopedConditionList } from "./condition-schema";
import { durationRangeSchema, parseDuration, positiveDurationSchema } from "./duration";
import { notifySchema } from "./notify-schema";
import { idSchema, probeSchema } from "./probe-schema";
import { scenarioSchema } from "./scenario-schema";

// The incident config as docs/configuration.md describes it. Every object is strict (a typo such as `intervall` is an
// error), defaults live here, durations come out as milliseconds and each component carries its resolved
// interval, timeout and thresholds.

const text = z.string().trim().min(1, "must not be empty");
const threshold = z.number().int().min(1);

/** Fills `name` from `id` when a config item leaves it out. */
function nameDefaultsToId<T extends { id: string; name?: string | undefined }>(item: T): T & { name: string } {
  return { ...item, name: item.name ?? item.id };
}

const isoDateTime = z.iso.datetime({ offset: true });
const START_RULE = "must be an ISO 8601 date-time (e.g. 2025-09-16T08:00:00Z) or a time before the first start (e.g. -3h)";

/**
 * `startedAt`: a fixed time, or a relative one ("-3h": three hours before the first start, for demos and
 * drills). A relative start comes out as now − duration; the server then keeps the first start's value
 * (lib/db/incident-start.ts), so restarts do not move it.
 */
const startedAtSchema = z.string().transform((value, ctx) => {
  const written = value.trim();
  if (isoDateTime.safeParse(written).success) return { at: written, relative: false };
  if (written.startsWith("-")) {
    try {
      const ms = parseDuration(written.slice(1).trim());
      if (ms > 0) return { at: new Date(Date.now() - ms).toISOString(), relative: true };
    } catch {
      // reported below with the rule
    }
  }
  ctx.addIssue({ code: "custom", message: START_RULE });
  return z.NEVER;
});

const incidentSchema = z
  .strictObject({
    id: z.string().regex(/^[A-Za-z0-9._-]+$/, "must match [A-Za-z0-9._-]+"),
    title: text,
    severity: z.enum(["P0", "P1", "P2", "P3", "P4"]),
    startedAt: startedAtSchema,
    summary: z.string().default(""),
    updateEvery: positiveDurationSchema.optional(),
  })
  .transform(({ startedAt, ...incident }) => ({ ...incident, startedAt: startedAt.at, startedRelative: startedAt.relative }));

const teamSchema = z
  .strictObject({
    id: idSchema.refine((id) => id !== "viewer", '"viewer" is reserved for read-only tokens'),
    name: text.optional(),
  })
  .transform(nameDefaultsToId);

const defaultsSchema = z
  .strictObject({
    interval: positiveDurationSchema.prefault("30s"),
    timeout: positiveDurationSchema.prefault("10s"),
    failureThreshold: threshold.default(2),
    successThreshold: threshold.default(1),
    // While a streak confirms (failing below failureThreshold, or passing below successThreshold while
    // down), the next check comes after retryInterval rather than interval: 5 s lets the default threshold
    // of 2 confirm an outage about 5 s after the first failure instead of 30 s (Uptime Kuma's heartbeat
    // retry interval). Capped at each component's interval.
    retryInterval: positiveDurationSchema.prefault("5s"),
  })
  .prefault({});

const componentSchema = z.strictObject({
  id: idSchema,
  name: text.optional(),
  group: text.default("Other"),
  dependsOn: z.array(idSchema).default([]),
  probe: probeSchema,
  conditions: scopedConditionList("probe").default([]),
  degradedWhen: scopedConditionList("probe").default([]),
  interval: positiveDurationSchema.optional(),
  timeout: positiveDurationSchema.optional(),
  failureThreshold: threshold.optional(),
  successThreshold: threshold.optional(),
  retryInterval: positiveDurationSchema.optional(),
  locations: z.array(text).min(1).optional(),
});

// `critical: true` makes every case critical; `critical: [glob, …]` the cases whose classname or name a glob
// matches. `expected` is the suite's expected number of tests (docs/configuration.md "tests").
const suiteSchema = z
  .strictObject({
    id: idSchema,
    name: text.optional(),
    critical: z.union([z.boolean(), z.array(text).min(1)], { error: "must be true, false or a list of classname/name globs" }).default(false),
    expected: z.number().int().min(1).optional(),
  })
  .transform(({ critical, ...suite }) => ({
    ...nameDefaultsToId(suite),
    critical: critical === true,
    criticalCases: Array.isArray(critical) ? critical : [],
  }));

const testsSchema = z.strictObject({ suites: z.array(suiteSchema).default([]) }).prefault({});

// A suite criterion judges test results, a components criterion probe observations: its conditions must match.
const autoSchema = z
  .strictObject({
    components: z.array(idSchema).min(1).optional(),
    suite: idSchema.optional(),
    conditions: conditionListSchema.min(1, "needs at least one condition"),
    window: z.number().int().min(1).optional(),
  })
  .superRefine((auto, ctx) => addScopeIssues(auto.conditions, auto.suite === undefined ? "probe" : "tests", ctx, ["conditions"]));

const criterionInputSchema = z.strictObject({
  id: idSchema,
  title: text,
  owner: idSchema,
  auto: autoSchema.optional(),
  signoff: z.literal(true, { error: "signoff must be true (leave it out for an automatic criterion)" }).optional(),
});

type CriterionInput = z.output<typeof criterionInputSchema>;
type Issue = { path: PropertyKey[]; message: string };

/** Turns a criterion's input into one of its three kinds, or the issues that stop it from being one. */
function classifyCriterion(input: CriterionInput) {
  const base = { id: input.id, title: input.title, owner: input.owner };
  const fail = (issue: Issue) => ({ issue }) as const;
  if (input.auto && input.signoff) return fail({ path: [], message: "has both auto and signoff: choose exactly one" });
  if (input.signoff) return { ...base, kind: "signoff" as const, signoff: true as const };
  if (!input.auto) return fail({ path: [], message: "needs either auto: {…} or signoff: true" });
  const { components, suite, conditions, window } = input.auto;
  if (components && suite) return fail({ path: ["auto"], message: "auto takes components or suite, not both" });
  if (suite !== undefined) {
    if (window !== undefined) return fail({ path: ["auto", "window"], message: "window applies to components only" });
    return { ...base, kind: "suite" as const, auto: { suite, conditions } };
  }
  if (components) return { ...base, kind: "components" as const, auto: { components, conditions, window: window ?? 1 } };
  return fail({ path: ["auto"], message: "auto needs components: [...] or suite: <id>" });
}

const criterionSchema = criterionInputSchema.transform((input, ctx) => {
  const result = classifyCriterion(input);
  if ("issue" in result) {
    ctx.issues.push({ code: "custom", input, path: result.issue.path, message: result.issue.message });
    return z.NEVER;
  }
  return result;
});

const phaseSchema = z
  .strictObject({
    id: idSchema,
    name: text.optional(),
    owner: idSchema,
    estimate: durationRangeSchema,
    exitCriteria: z.array(idSchema).default([]),
  })
  .transform(nameDefaultsToId);

const segmentSchema = z
  .strictObject({
    id: idSchema,
    name: text.optional(),
    arr: z.number().min(0),
    exposure: z.number().min(0).max(1),
    dependsOn: z.array(idSchema).default([]),
  })
  .transform(nameDefaultsToId);

const functionSchema = z
  .strictObject({ id: idSchema, name: text.optional(), dependsOn: z.array(idSchema).default([]) })
  .transform(nameDefaultsToId);

const impactSchema = z
  .strictObject({
    currency: z.string().regex(/^[A-Z]{3}$/, "must be an ISO 4217 code such as USD").default("USD"),
    segments: z.array(segmentSchema).default([]),
    functions: z.array(functionSchema).default([]),
  })
  .prefault({});

const accessSchema = z.strictObject({ publicRead: z.boolean().default(false) }).prefault({});

const labSchema = z
  .strictObject({
    enabled: z.boolean().default(false),
    scenario: scenarioSchema.optional(),
    basePort: z.number().int().min(1024).max(65_535).optional(),
  })
  .prefault({});

/** After the handback, infra criteria are still watched this long (docs/configuration.md "handback"). */
const handbackSchema = z.strictObject({ watch: positiveDurationSchema.default(60 * 60_000) }).prefault({});

const configInputSchema = z.strictObject({
  incident: incidentSchema,
  teams: z.array(teamSchema).min(1, "needs at least one team"),
  defaults: defaultsSchema,
  components: z.array(componentSchema).min(1, "needs at least one component"),
  tests: testsSchema,
  criteria: z.array(criterionSchema).default([]),
  phases: z.array(phaseSchema).default([]),
  impact: impactSchema,
  access: accessSchema,
  lab: labSchema,
  handback: handbackSchema,
  notify: notifySchema,
}).superRefine((input, ctx) => {
  // A scenario's human posts are written by a team of this incident.
  const teams = new Set(input.teams.map((team) => team.id));
  input.lab.scenario?.steps.forEach((step, index) =>
    step.posts.forEach((post, at) => {
      if (!teams.has(post.team)) ctx.addIssue({ code: "custom", path: ["lab", "scenario", "steps", index, "posts", at, "team"], message: `unknown team (expected one of ${[...teams].join(", ")})` });
    }),
  );
});

type ConfigInput = z.output<typeof configInputSchema>;

/** Gives every component its name and its own interval, timeout and thresholds (component value, else defaults). */
function resolveComponents(input: ConfigInput) {
  const { defaults } = input;
  const components = input.components.map((component) => ({
    ...component,
    name: component.name ?? component.id,
    interval: component.interval ?? defaults.interval,
    timeout: component.timeout ?? defaults.timeout,
    failureThreshold: component.failureThreshold ?? defaults.failureThreshold,
    successThreshold: component.successThreshold ?? defaults.successThreshold,
    retryInterval: Math.min(component.retryInterval ?? defaults.retryInterval, component.interval ?? defaults.interval),
  }));
  return { ...input, components };
}

/** The whole config file: validated, defaults applied, durations in milliseconds. */
export const configSchema = configInputSchema.transform(resolveComponents);

/** A validated incident config (durations in ms; components fully resolved). */
export type IncidentConfig = z.output<typeof configSchema>;
/** The incident being managed. */
export type IncidentInfo = IncidentConfig["incident"];
/** A team; its id is the role used by tokens and sign-offs. */
export type TeamConfig = IncidentConfig["teams"][number];
/** Probe defaults (ms and counts). */
export type DefaultsConfig = IncidentConfig["defaults"];
/** A component with resolved interval, timeout and thresholds. */
export type ComponentConfig = IncidentConfig["components"][number];
/** A component's probe, discriminated on `type`. */
export type ProbeConfig = ComponentConfig["probe"];
/** The probe type names. */
export type ProbeType = ProbeConfig["type"];
/** A test suite that accepts JUnit uploads. */
export type SuiteConfig = IncidentConfig["tests"]["suites"][number];
/** A success criterion, discriminated on `kind`: components, suite or signoff. */
export type CriterionConfig = IncidentConfig["criteria"][number];
/** The three kinds of criterion. */
export type CriterionKind = CriterionConfig["kind"];
/** A phase with its estimate range in ms. */
export type PhaseConfig = IncidentConfig["phases"][number];
/** The business impact model. */
export type ImpactConfig = IncidentConfig["impact"];
/** A revenue segment at risk. */
export type SegmentConfig = ImpactConfig["segments"][number];
/** A business function that goes offline with its components. */
export type BusinessFunctionConfig = ImpactConfig["functions"][number];
/** Read access settings. */
export type AccessConfig = IncidentConfig["access"];
/** The built-in fault lab settings. */
export type LabConfig = IncidentConfig["lab"];
