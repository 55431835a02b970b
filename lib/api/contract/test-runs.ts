import { z } from "zod";
import type { TestCaseRow } from "@/lib/db/test-cases";
import type { TestRunRow } from "@/lib/db/test-runs";
import type { toCreatedBody } from "@/lib/junit/run";
import { describes } from "./check";
import { isoTime } from "./common";

// `POST` / `GET /api/test-runs?suite=ID`: JUnit XML in, pass-rate history out.

export const suiteQuery = z.object({
  suite: z.string({ error: "the query parameter ?suite=ID is required" }).min(1, { error: "the query parameter ?suite=ID is required" }),
});

const passRate = z.number().nullable().meta({ description: "percent of the tests that ran (skipped excluded); null when none ran" });

export const testRunSchema = describes<TestRunRow>()(
  z
    .strictObject({
      id: z.number().int(),
      suiteId: z.string(),
      receivedAt: isoTime,
      tests: z.number().int(),
      passed: z.number().int(),
      failed: z.number().int().meta({ description: "cases with a failure or an error" }),
      skipped: z.number().int(),
      errors: z.number().int().meta({ description: "cases with an error (a subset of failed)" }),
      passRate,
      durationMs: z.number().nullable(),
      actor: z.string().nullable(),
      source: z.string().nullable(),
      failures: z.array(z.looseObject({ name: z.string(), classname: z.string().optional(), message: z.string().optional() })),
    })
    .meta({ id: "TestRun" }),
);

export const testRunsResponse = z.strictObject({ suite: z.string(), runs: z.array(testRunSchema) });

export const testRunCreatedResponse = describes<ReturnType<typeof toCreatedBody>>()(
  z.strictObject({ suite: z.string(), tests: z.number().int(), passed: z.number().int(), failed: z.number().int(), skipped: z.number().int(), passRate }),
);

/** `GET /api/test-runs/{id}/cases`: every case of one run, in report order. */
export const testCasesResponse = z.strictObject({
  testRunId: z.number().int(),
  cases: z.array(
    describes<TestCaseRow>()(
      z.strictObject({
        classname: z.string(),
        name: z.string(),
        outcome: z.enum(["passed", "failed", "skipped"]),
        errored: z.boolean(),
        flaky: z.boolean().meta({ description: "passed after reruns" }),
        durationMs: z.number().nullable(),
      }),
    ),
  ),
});
