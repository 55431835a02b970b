import * as z from "zod";
import { positiveDurationSchema } from "./duration";

// A browser probe's steps (docs/configuration.md "browser"): each step is a mapping with exactly one key,
// the step's name. One schema per step, in one table, so an unknown step lists the known ones.

const selector = z.string().trim().min(1, "must not be empty");

/** Only web pages: a file: URL would read the server's disk, chrome: its browser internals. */
const pageUrl = z.string().refine((value) => {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return (url.protocol === "http:" || url.protocol === "https:") && url.host !== "";
}, "must be an http:// or https:// URL (file:, chrome: and other schemes are refused)");

const STEP_SCHEMAS = {
  goto: pageUrl,
  fill: z.strictObject({ selector, value: z.string() }),
  click: selector,
  press: z.strictObject({ selector: selector.optional(), key: selector }),
  waitFor: z
    .strictObject({ text: selector.optional(), selector: selector.optional(), timeout: positiveDurationSchema.optional() })
    .refine((wait) => (wait.text === undefined) !== (wait.selector === undefined), "needs exactly one of text or selector"),
  expectText: selector,
  expectWebSocket: z.strictObject({ urlContains: z.string().default(""), messages: z.number().int().min(1) }),
  screenshot: z.literal(true, { error: "screenshot: true keeps a PNG of the page at this step" }),
} as const;

type StepSchemas = typeof STEP_SCHEMAS;
export type StepName = keyof StepSchemas;
/** One step: its name and its parsed argument. */
export type BrowserStep = { [K in StepName]: { kind: K; arg: z.output<StepSchemas[K]> } }[StepName];

export const STEP_NAMES = Object.keys(STEP_SCHEMAS) as StepName[];

const isStepName = (key: string): key is StepName => Object.hasOwn(STEP_SCHEMAS, key);

/** One step mapping → { kind, arg }, with issues located at the step's own key. */
export const browserStepSchema = z.record(z.string(), z.unknown(), { error: `a step is a mapping with one of: ${STEP_NAMES.join(", ")}` })
  .transform((step, ctx): BrowserStep => {
    const keys = Object.keys(step);
    const [kind] = keys;
    if (keys.length !== 1 || kind === undefined || !isStepName(kind)) {
      ctx.issues.push({ code: "custom", input: step, message: `a step has exactly one key, one of: ${STEP_NAMES.join(", ")}` });
      return z.NEVER;
    }
    const parsed = STEP_SCHEMAS[kind].safeParse(step[kind]);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) ctx.issues.push({ code: "custom", input: step[kind], path: [kind, ...issue.path], message: issue.message });
      return z.NEVER;
    }
    return { kind, arg: parsed.data } as BrowserStep;
  });
