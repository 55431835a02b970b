import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as screenshot from "@/app/api/components/[id]/results/[resultId]/screenshot/route";
import * as cases from "@/app/api/test-runs/[id]/cases/route";
import * as testRuns from "@/app/api/test-runs/route";
import { insertResults, insertScreenshot } from "@/lib/db";
import { getConfig, getDb } from "@/lib/runtime";
import { call, callJson, expectError, startApiHarness, type ApiHarness } from "../support/api-harness";
import { buildReport, times } from "../support/junit-reports";

// The evidence routes of issue #15 through their handlers: a browser probe's screenshot (a PNG, readers
// with a token only) and a test run's stored cases.

let harness: ApiHarness;
beforeAll(async () => (harness = await startApiHarness()), 120_000);
afterAll(async () => harness?.stop());

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

describe("GET /api/components/{id}/results/{resultId}/screenshot", () => {
  let resultId: number;
  beforeAll(async () => {
    const db = await getDb();
    [resultId] = (await insertResults(db, getConfig().incident.id, [{ componentId: "api", checkedAt: new Date().toISOString(), ok: false }])) as [number];
    await insertScreenshot(db, getConfig().incident.id, { resultId, componentId: "api", takenAt: new Date().toISOString(), png: PNG });
  });
  const path = (id: string, result: string | number) => ({ path: `/api/components/${id}/results/${result}/screenshot`, params: { id, resultId: String(result) } });

  it("serves the PNG to a reader", async () => {
    const response = await call(screenshot.GET, { ...path("api", resultId), as: "viewer" });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(await response.arrayBuffer())).toEqual(PNG);
  });

  it("refuses without a token (401) and answers 404 for a result without one or an unknown component", async () => {
    await expectError(await call(screenshot.GET, { ...path("api", resultId), as: null }), 401, "UNAUTHORIZED");
    await expectError(await call(screenshot.GET, { ...path("api", resultId + 1000), as: "viewer" }), 404, "NOT_FOUND");
    await expectError(await call(screenshot.GET, { ...path("api", "x1"), as: "viewer" }), 404, "NOT_FOUND");
    await expectError(await call(screenshot.GET, { ...path("nope", resultId), as: "viewer" }), 404, "NOT_FOUND");
  });
});

describe("GET /api/test-runs/{id}/cases", () => {
  it("lists every case of an uploaded run, skipped ones included", async () => {
    const report = buildReport("validation", [...times(2, "pass"), "fail", "skip"]);
    const upload = await call(testRuns.POST, { method: "POST", path: "/api/test-runs?suite=validation", as: "dev", body: report, headers: { "content-type": "application/xml" } });
    expect(upload.status).toBe(201);
    const { runs } = await callJson<{ runs: { id: number }[] }>(testRuns.GET, { path: "/api/test-runs?suite=validation", as: "viewer" });
    const id = String(runs[0]!.id);
    const body = await callJson<{ cases: { outcome: string }[] }>(cases.GET, { path: `/api/test-runs/${id}/cases`, params: { id }, as: "viewer" });
    expect(body.cases.map((test) => test.outcome)).toEqual(["passed", "passed", "failed", "skipped"]);
    await expectError(await call(cases.GET, { path: "/api/test-runs/999999/cases", params: { id: "999999" }, as: "viewer" }), 404, "NOT_FOUND");
    await expectError(await call(cases.GET, { path: `/api/test-runs/${id}/cases`, params: { id }, as: null }), 401, "UNAUTHORIZED");
  });
});
