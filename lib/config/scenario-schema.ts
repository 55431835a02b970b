import * as z from "zod";
import { DEMO_FAULT_MODES } from "../lab/fault-names";
import { durationSchema, positiveDurationSchema } from "./duration";
import { idSchema } from "./probe-schema";

// `lab.scenario`: the story the demo lab plays, in lab time. Each step sets faults, reports test runs
// (JUnit, as the demo's CI would) and posts the updates a team would write; the config is the only
// source of those figures and words (lib/lab/scenario.ts only plays them).

const text = z.string().trim().min(1, "must not be empty");

const faultsSchema = z.record(z.string(), z.string()).superRefine((faults, ctx) => {
  for (const [fault, mode] of Object.entries(faults)) {
    const modes = Object.hasOwn(DEMO_FAULT_MODES, fault) ? DEMO_FAULT_MODES[fault] : undefined;
    if (!modes) ctx.addIssue({ code: "custom", path: [fault], message: `unknown lab fault (expected one of ${Object.keys(DEMO_FAULT_MODES).join(", ")})` });
    else if (!modes.includes(mode)) ctx.addIssue({ code: "custom", path: [fault], message: `unknown mode "${mode}" (expected one of ${modes.join(", ")})` });
  }
});

const runSchema = z.strictObject({ passed: z.number().int().min(0), failed: z.number().int().min(0) });

const postSchema = z.strictObject({
  team: idSchema,
  type: z.enum(["update", "note"]),
  text,
});

const stepSchema = z
  .strictObject({
    at: durationSchema,
    faults: faultsSchema.default({}),
    reports: z.record(idSchema, runSchema).default({}),
    posts: z.array(postSchema).default([]),
  })
  .transform(({ at, ...step }) => ({ atMs: at, ...step }));

export const scenarioSchema = z
  .strictObject({
    cycle: positiveDurationSchema,
    steps: z.array(stepSchema).min(1, "needs at least one step"),
  })
  .superRefine((scenario, ctx) => {
    scenario.steps.forEach((step, index) => {
      const before = scenario.steps[index - 1];
      if (before && step.atMs < before.atMs) ctx.addIssue({ code: "custom", path: ["steps", index, "at"], message: "steps must be in time order" });
      if (step.atMs >= scenario.cycle) ctx.addIssue({ code: "custom", path: ["steps", index, "at"], message: "must be before the end of the cycle" });
    });
  })
  .transform(({ cycle, steps }) => ({ cycleMs: cycle, steps }));

/** A validated scenario: durations in ms. */
export type ScenarioConfig = z.output<typeof scenarioSchema>;
/** One step of a scenario. */
export type ScenarioStep = ScenarioConfig["steps"][number];
/** A human update a step posts. */
export type ScenarioPost = ScenarioStep["posts"][number];
