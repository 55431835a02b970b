import { z } from "zod";
import { criterionViewSchema, phaseViewSchema } from "./status";
import { incidentStateSchema } from "./common";
import { httpLink, MAX_LINK_CHARS } from "@/lib/links";

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

/** Longest sign-off note: a few sentences on what was checked, not a report. */
export const MAX_SIGNOFF_NOTE_CHARS = 1000;

/** `POST /api/criteria/{id}/signoff`: the body is optional, and a blank note counts as none. */
export const signoffBody = z
  .strictObject({
    note: z
      .string()
      .trim()
      .max(MAX_SIGNOFF_NOTE_CHARS)
      .optional()
      .meta({ description: "what the signer checked (≤ 1000 characters)" }),
    link: z
      .string()
      .trim()
      .max(MAX_LINK_CHARS)
      .refine((link) => httpLink(link) !== null, "must be an absolute http:// or https:// URL")
      .optional()
      .meta({ description: "where the proof is: an http(s) URL (≤ 2000 characters)" }),
  })
  .meta({ id: "SignoffBody" });

export const signoffResponse = z.strictObject({ criterion: criterionViewSchema });
