import { z } from "zod";
import { criterionViewSchema, phaseViewSchema } from "./status";
import { incidentStateSchema } from "./common";

// The incident workflow's writes: move the state, hand back, complete a phase, sign a criterion.

export const handbackBody = z.discriminatedUnion("action", [
  z.strictObject({ action: z.literal("confirm") }),
  z.strictObject({
    action: z.literal("reject"),
    reason: z.string().trim().min(1, "a rejection needs a reason").max(2000),
    criteria: z
      .array(z.string().min(1))
      .max(200)
      .default([])
      .meta({ description: "ids of the criteria the rejection disputes (stored in the timeline entry's data)" }),
  }),
]);

export const incidentStateBody = z.strictObject({ state: incidentStateSchema, reason: z.string().max(2000).optional() });

/** `POST /api/handback` and `POST /api/incident/state`: the state the incident is in now. */
export const incidentStateResponse = z.strictObject({ state: incidentStateSchema });

export const phaseCompleteResponse = z.strictObject({ phase: phaseViewSchema });

export const signoffResponse = z.strictObject({ criterion: criterionViewSchema });
