import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as history from "@/app/api/components/[id]/history/route";
import * as results from "@/app/api/components/[id]/results/route";
import * as signoff from "@/app/api/criteria/[id]/signoff/route";
import * as handback from "@/app/api/handback/route";
import * as incidentState from "@/app/api/incident/state/route";
import * as phaseComplete from "@/app/api/phases/[id]/complete/route";
import * as probes from "@/app/api/probes/run/route";
import * as testRuns from "@/app/api/test-runs/route";
import * as timeline from "@/app/api/timeline/route";
import { call, callJson, expectError, startApiHarness, type ApiHarness, type CallOptions, type Handler } from "../support/api-harness";
import { buildReport, largeReport, times } from "../support/junit-reports";

// The 404, 400 and 413 paths of every route, with a caller who is allowed in: the request itself is wrong.

let harness: ApiHarness;
beforeAll(async () => (harness = await startApiHarness()));
afterAll(async () => harness?.stop());

const XML = { "content-type": "application/xml" };
const runsOf = async (suite: string) =>
  (await callJson<{ runs: unknown[] }>(testRuns.GET, { path: `/api/test-runs?suite=${suite}`, as: "viewer" })).runs.length;

describe("404 for unknown ids", () => {
  it.each<[string, Handler, CallOptions, RegExp]>([
    ["GET /api/components/nope/results", results.GET, { path: "/api/components/nope/results", as: "viewer", params: { id: "nope" } }, /no component with id "nope"/],
    ["GET /api/components/nope/history", history.GET, { path: "/api/components/nope/history", as: "viewer", params: { id: "nope" } }, /no component with id "nope"/],
    ["POST /api/criteria/nope/signoff", signoff.POST, { method: "POST", path: "/api/criteria/nope/signoff", as: "dev", params: { id: "nope" } }, /no criterion with id "nope"/],
    ["DELETE /api/criteria/nope/signoff", signoff.DELETE, { method: "DELETE", path: "/api/criteria/nope/signoff", as: "dev", params: { id: "nope" } }, /no criterion/],
    ["GET /api/test-runs?suite=nope", testRuns.GET, { path: "/api/test-runs?suite=nope", as: "viewer" }, /no test suite with id "nope"/],
    ["POST /api/test-runs?suite=nope", testRuns.POST, { method: "POST", path: "/api/test-runs?suite=nope", as: "dev", body: buildReport("x", ["pass"]), headers: XML }, /no test suite/],
    ["POST /api/phases/nope/complete", phaseComplete.POST, { method: "POST", path: "/api/phases/nope/complete", as: "infra", params: { id: "nope" } }, /no phase with id "nope"/],
    ["POST /api/probes/run with an unknown component", probes.POST, { method: "POST", path: "/api/probes/run", as: "infra", body: { components: ["api", "nope"] } }, /no component with id "nope"/],
  ])("%s → 404", async (_label, handler, options, message) => {
    expect((await expectError(await call(handler, options), 404, "NOT_FOUND")).message).toMatch(message);
  });
});

describe("400 for malformed requests", () => {
  const post = (handler: Handler, path: string, as: CallOptions["as"], body: string | object): [Handler, CallOptions] => [
    handler,
    { method: "POST", path, as, body, headers: typeof body === "string" ? { "content-type": "application/json" } : {} },
  ];

  it.each<[string, [Handler, CallOptions], RegExp]>([
    ["timeline: malformed JSON", post(timeline.POST, "/api/timeline", "infra", "{not json"), /body must be valid JSON/],
    ["timeline: empty body", post(timeline.POST, "/api/timeline", "infra", ""), /body must be valid JSON/],
    ["timeline: empty text", post(timeline.POST, "/api/timeline", "infra", { type: "update", text: "   " }), /^text: must not be empty/],
    ["timeline: unknown type", post(timeline.POST, "/api/timeline", "infra", { type: "shout", text: "x" }), /^type:/],
    ["timeline: an extra field", post(timeline.POST, "/api/timeline", "infra", { type: "note", text: "x", actor: "root" }), /actor|unrecognized/i],
    ["handback: malformed JSON", post(handback.POST, "/api/handback", "dev", "{"), /body must be valid JSON/],
    ["handback: unknown action", post(handback.POST, "/api/handback", "dev", { action: "maybe" }), /^action:/],
    ["handback: reject without reason", post(handback.POST, "/api/handback", "dev", { action: "reject" }), /^reason:/],
    ["handback: reject with a blank reason", post(handback.POST, "/api/handback", "dev", { action: "reject", reason: "  " }), /a rejection needs a reason/],
    ["incident/state: malformed JSON", post(incidentState.POST, "/api/incident/state", "infra", "[1,"), /body must be valid JSON/],
    ["incident/state: unknown state", post(incidentState.POST, "/api/incident/state", "infra", { state: "fixed" }), /^state:/],
    ["probes/run: malformed JSON", post(probes.POST, "/api/probes/run", "infra", "{components:"), /body must be valid JSON/],
    ["probes/run: components not a list", post(probes.POST, "/api/probes/run", "infra", { components: "api" }), /^components:/],
  ])("%s → 400", async (_label, [handler, options], message) => {
    expect((await expectError(await call(handler, options), 400, "BAD_REQUEST")).message).toMatch(message);
  });

  it.each<[string, Handler, CallOptions, RegExp]>([
    ["GET test-runs without ?suite=", testRuns.GET, { path: "/api/test-runs", as: "viewer" }, /\?suite=ID is required/],
    ["POST test-runs without ?suite=", testRuns.POST, { method: "POST", path: "/api/test-runs", as: "dev", body: buildReport("v", ["pass"]), headers: XML }, /\?suite=ID is required/],
    ["GET results with limit=0", results.GET, { path: "/api/components/api/results?limit=0", as: "viewer", params: { id: "api" } }, /^limit:/],
    ["GET history with bucket=day", history.GET, { path: "/api/components/api/history?bucket=day", as: "viewer", params: { id: "api" } }, /^bucket:/],
    ["GET history with a bad since", history.GET, { path: "/api/components/api/history?since=yesterday", as: "viewer", params: { id: "api" } }, /^since:/],
    ["GET timeline with an unknown type", timeline.GET, { path: "/api/timeline?type=gossip", as: "viewer" }, /^type/],
  ])("%s → 400", async (_label, handler, options, message) => {
    expect((await expectError(await call(handler, options), 400, "BAD_REQUEST")).message).toMatch(message);
  });
});

describe("refused JUnit reports store nothing", () => {
  const upload = (body: string) => call(testRuns.POST, { method: "POST", path: "/api/test-runs?suite=validation", as: "dev", body, headers: XML });

  // column null: any column on that line (where the parser notices an unclosed element is its business).
  it.each<[string, string, string, number, number | null]>([
    ["an unclosed element", '<testsuites>\n  <testsuite name="v">\n    <testcase name="a">\n  </testsuite>', "MALFORMED_XML", 4, null],
    ["a mismatched closing tag", '<testsuite name="v">\n<testcase name="a"/>\n</testcases>', "MALFORMED_XML", 3, 1],
    ["a second root element", "<testsuite>\n<testcase name='a'/>\n</testsuite>\n<testsuite/>", "MALFORMED_XML", 4, 1],
    ["a DOCTYPE", '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "b">]>\n<testsuites/>', "FORBIDDEN_XML", 2, 1],
    ["an ENTITY bomb", '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><testsuites>&lol2;</testsuites>', "FORBIDDEN_XML", 1, 1],
    ["a foreign root", "<html>\n<body/>\n</html>", "NOT_JUNIT", 1, 1],
  ])("%s → 400 naming line and column", async (_label, xml, reason, line, column) => {
    const before = await runsOf("validation");
    const error = await expectError(await upload(xml), 400, "BAD_REQUEST");
    expect(error.message).toMatch(/^line \d+, column \d+: /);
    expect(error).toMatchObject({ reason, line: expect.any(Number), column: expect.any(Number) });
    expect(error.message.startsWith(`line ${String(error.line)}, column ${String(error.column)}: `)).toBe(true);
    expect([error.line, error.column]).toEqual([line, column ?? expect.any(Number)]);
    expect(await runsOf("validation")).toBe(before);
  });

  it("a 6 MB report → 413, and no run is stored", async () => {
    const before = await runsOf("validation");
    const big = largeReport(6 * 1024 * 1024);
    expect(Buffer.byteLength(big)).toBeGreaterThan(6 * 1024 * 1024);
    const error = await expectError(await upload(big), 413, "PAYLOAD_TOO_LARGE");
    expect(error.message).toMatch(/5 MB/);
    expect(await runsOf("validation")).toBe(before);
  });

  it("a 6 MB report that declares its Content-Length is refused before it is read", async () => {
    const big = largeReport(6 * 1024 * 1024);
    const response = await call(testRuns.POST, {
      method: "POST",
      path: "/api/test-runs?suite=validation",
      as: "dev",
      body: big,
      headers: { ...XML, "content-length": String(Buffer.byteLength(big)) },
    });
    await expectError(response, 413, "PAYLOAD_TOO_LARGE");
  });

  it("a valid report still goes through afterwards", async () => {
    const before = await runsOf("unit");
    const response = await call(testRuns.POST, { method: "POST", path: "/api/test-runs?suite=unit", as: "infra", body: buildReport("unit", times(3, "pass")), headers: XML });
    expect(response.status).toBe(201);
    expect(await runsOf("unit")).toBe(before + 1);
  });
});
