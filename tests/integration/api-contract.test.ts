import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as history from "@/app/api/components/[id]/history/route";
import * as results from "@/app/api/components/[id]/results/route";
import * as transitions from "@/app/api/components/[id]/transitions/route";
import * as signoff from "@/app/api/criteria/[id]/signoff/route";
import * as events from "@/app/api/events/route";
import * as handback from "@/app/api/handback/route";
import * as handbackRecord from "@/app/api/handback/record/route";
import * as handbackRecords from "@/app/api/handback/records/route";
import * as handbackRecordById from "@/app/api/handback/records/[id]/route";
import * as incidents from "@/app/api/incidents/route";
import * as report from "@/app/api/report/route";
import * as health from "@/app/api/health/route";
import * as impactHistory from "@/app/api/impact/history/route";
import * as incidentState from "@/app/api/incident/state/route";
import * as labFaults from "@/app/api/lab/faults/route";
import * as labNotifications from "@/app/api/lab/notifications/route";
import * as metrics from "@/app/api/metrics/route";
import * as notifications from "@/app/api/notifications/route";
import * as notifyTest from "@/app/api/notifications/test/route";
import * as draft from "@/app/api/updates/draft/route";
import * as openapi from "@/app/api/openapi.json/route";
import * as phaseComplete from "@/app/api/phases/[id]/complete/route";
import * as probes from "@/app/api/probes/run/route";
import * as ready from "@/app/api/ready/route";
import * as session from "@/app/api/session/route";
import * as status from "@/app/api/status/route";
import * as testRuns from "@/app/api/test-runs/route";
import * as testCases from "@/app/api/test-runs/[id]/cases/route";
import * as screenshot from "@/app/api/components/[id]/results/[resultId]/screenshot/route";
import * as timeline from "@/app/api/timeline/route";
import { ROUTES } from "@/lib/api/contract/routes";
import { startDemoLab } from "@/lib/lab/demo-lab";
import { setLab } from "@/lib/runtime";
import { call, startApiHarness, type ApiHarness, type CallOptions, type Handler } from "../support/api-harness";
import { checked, expectDocumented, parseSseFrames } from "../support/contract";
import { parseValidConfig } from "../support/config-text";
import { seedPgliteDir } from "../support/pglite-template.mjs";
import { buildReport, times } from "../support/junit-reports";

// Real responses against the documented schemas (issue 10, API contract): every GET route and the writes,
// on a real store, parsed with the strict response schema of their status. A schema that lies fails here.

let harness: ApiHarness;
beforeAll(async () => (harness = await startApiHarness()));
afterAll(async () => harness?.stop());

const XML = { "content-type": "application/xml" };

/** Calls a handler and checks the response against the contract of `method path`. */
async function check(handler: Handler, method: string, path: string, options: Omit<CallOptions, "method">) {
  return expectDocumented(method, path, await call(handler, { method, ...options }));
}

describe("responses match the documented schemas", () => {
  it.each<[string, Handler, string, Omit<CallOptions, "method">]>([
    ["the probes run (results with outcomes for the reads below)", probes.POST, "/api/probes/run", { path: "/api/probes/run", as: "infra", body: {} }],
    ["a timeline note", timeline.POST, "/api/timeline", { path: "/api/timeline", as: "infra", body: { type: "note", text: "contract check" } }],
    ["a JUnit report", testRuns.POST, "/api/test-runs", { path: "/api/test-runs?suite=validation", as: "dev", body: buildReport("validation", [...times(3, "pass"), "fail", "skip"]), headers: XML }],
    ["a sign-off", signoff.POST, "/api/criteria/{id}/signoff", { path: "/api/criteria/golden-path/signoff", as: "dev", params: { id: "golden-path" } }],
    ["a revoked sign-off", signoff.DELETE, "/api/criteria/{id}/signoff", { path: "/api/criteria/golden-path/signoff", as: "dev", params: { id: "golden-path" } }],
    ["an incident move", incidentState.POST, "/api/incident/state", { path: "/api/incident/state", as: "infra", body: { state: "remediating" } }],
    ["a refused move (409)", incidentState.POST, "/api/incident/state", { path: "/api/incident/state", as: "infra", body: { state: "resolved" } }],
    ["a handback before it is offered (409)", handback.POST, "/api/handback", { path: "/api/handback", as: "dev", body: { action: "confirm" } }],
    ["a completed phase", phaseComplete.POST, "/api/phases/{id}/complete", { path: "/api/phases/repair/complete", as: "infra", params: { id: "repair" } }],
    ["a test notification on an unknown channel (404)", notifyTest.POST, "/api/notifications/test", { path: "/api/notifications/test", as: "infra", body: { channel: "nope" } }],
    ["a lab flip with the lab off (404)", labFaults.POST, "/api/lab/faults", { path: "/api/lab/faults", as: "infra", body: { fault: "backend", mode: "failing" } }],
  ])("POST/DELETE: %s", async (_label, handler, path, options) => {
    const method = handler === signoff.DELETE ? "DELETE" : "POST";
    expect(await check(handler, method, path, options)).toBeTruthy();
  });

  it.each<[string, Handler, string, Omit<CallOptions, "method">]>([
    ["/api/health", health.GET, "/api/health", { path: "/api/health" }],
    ["/api/ready", ready.GET, "/api/ready", { path: "/api/ready" }],
    ["/api/openapi.json", openapi.GET, "/api/openapi.json", { path: "/api/openapi.json" }],
    ["/api/status", status.GET, "/api/status", { path: "/api/status", as: "viewer" }],
    ["/api/status?fresh=1", status.GET, "/api/status", { path: "/api/status?fresh=1", as: "viewer" }],
    ["/api/status?fresh=yes (400)", status.GET, "/api/status", { path: "/api/status?fresh=yes", as: "viewer" }],
    ["/api/components/api/results", results.GET, "/api/components/{id}/results", { path: "/api/components/api/results?limit=5", as: "viewer", params: { id: "api" } }],
    ["/api/components/api/transitions", transitions.GET, "/api/components/{id}/transitions", { path: "/api/components/api/transitions", as: "viewer", params: { id: "api" } }],
    ["/api/components/api/history", history.GET, "/api/components/{id}/history", { path: "/api/components/api/history?bucket=minute&since=2025-01-01T00:00:00Z", as: "viewer", params: { id: "api" } }],
    ["/api/impact/history", impactHistory.GET, "/api/impact/history", { path: "/api/impact/history", as: "viewer" }],
    ["/api/metrics", metrics.GET, "/api/metrics", { path: "/api/metrics", as: "viewer" }],
    ["/api/timeline", timeline.GET, "/api/timeline", { path: "/api/timeline?limit=50", as: "viewer" }],
    ["/api/timeline?type=note,state&afterId=0", timeline.GET, "/api/timeline", { path: "/api/timeline?type=note,state&afterId=0", as: "viewer" }],
    ["/api/test-runs?suite=validation", testRuns.GET, "/api/test-runs", { path: "/api/test-runs?suite=validation", as: "viewer" }],
    ["/api/lab/notifications with the lab off (404)", labNotifications.GET, "/api/lab/notifications", { path: "/api/lab/notifications", as: "viewer" }],
    ["/api/handback/record before a confirm (404)", handbackRecord.GET, "/api/handback/record", { path: "/api/handback/record", as: "viewer" }],
    ["/api/handback/records", handbackRecords.GET, "/api/handback/records", { path: "/api/handback/records", as: "viewer" }],
    ["/api/handback/records/1 (404)", handbackRecordById.GET, "/api/handback/records/{id}", { path: "/api/handback/records/1", as: "viewer", params: { id: "1" } }],
    ["/api/report?format=json", report.GET, "/api/report", { path: "/api/report?format=json", as: "viewer" }],
    ["/api/report (Markdown)", report.GET, "/api/report", { path: "/api/report", as: "viewer" }],
    ["/api/report?incident=nope (404)", report.GET, "/api/report", { path: "/api/report?incident=nope", as: "viewer" }],
    ["/api/incidents", incidents.GET, "/api/incidents", { path: "/api/incidents", as: "viewer" }],
    ["/api/lab/faults with the lab off (404)", labFaults.GET, "/api/lab/faults", { path: "/api/lab/faults", as: "viewer" }],
    ["/api/notifications", notifications.GET, "/api/notifications", { path: "/api/notifications", as: "infra" }],
    ["/api/updates/draft", draft.GET, "/api/updates/draft", { path: "/api/updates/draft?audience=leadership", as: "dev" }],
    ["/api/session", session.GET, "/api/session", { path: "/api/session", as: "viewer" }],
    ["/api/session without a token (401)", session.GET, "/api/session", { path: "/api/session" }],
    ["/api/status without a token (401)", status.GET, "/api/status", { path: "/api/status" }],
    ["/api/components/nope/results (404)", results.GET, "/api/components/{id}/results", { path: "/api/components/nope/results", as: "viewer", params: { id: "nope" } }],
    ["/api/components/api/results?limit=0 (400)", results.GET, "/api/components/{id}/results", { path: "/api/components/api/results?limit=0", as: "viewer", params: { id: "api" } }],
    // The 200 bodies (a PNG; the cases) are checked in api-evidence-routes.test.ts; here the documented errors.
    ["/api/components/api/results/999999/screenshot (404)", screenshot.GET, "/api/components/{id}/results/{resultId}/screenshot", { path: "/api/components/api/results/999999/screenshot", as: "viewer", params: { id: "api", resultId: "999999" } }],
    ["/api/test-runs/999999/cases (404)", testCases.GET, "/api/test-runs/{id}/cases", { path: "/api/test-runs/999999/cases", as: "viewer", params: { id: "999999" } }],
  ])("GET %s", async (_label, handler, path, options) => {
    expect(await check(handler, "GET", path, options)).toBeDefined();
  });

  it("the results carry condition outcomes and phases, as documented", async () => {
    const body = (await check(results.GET, "GET", "/api/components/{id}/results", { path: "/api/components/api/results", as: "viewer", params: { id: "api" } })) as {
      results: { outcomes: unknown[] | null; phases: unknown }[];
    };
    expect(body.results.length).toBeGreaterThan(0);
    expect(body.results[0]!.outcomes).not.toEqual([]);
  });

  it("sign-in and sign-out: JSON, form post (303) and DELETE (204)", async () => {
    const { viewer } = (await import("../support/api-harness")).SECRETS;
    await check(session.POST, "POST", "/api/session", { path: "/api/session", body: { token: viewer } });
    const form = `token=${encodeURIComponent(viewer)}&next=%2Fimpact`;
    await check(session.POST, "POST", "/api/session", { path: "/api/session", body: form, headers: { "content-type": "application/x-www-form-urlencoded" } });
    await check(session.DELETE, "DELETE", "/api/session", { path: "/api/session" });
  });

  it("GET /api/events: every frame parses as a documented ServerSentEvent", async () => {
    const response = await call(events.GET, { path: "/api/events", as: "viewer", headers: { "last-event-id": "0" } });
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    checked.add("GET /api/events");
    await call(probes.POST, { method: "POST", path: "/api/probes/run", as: "infra", body: { components: ["api"] } });
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = "";
    const seen = () => new Set(parseSseFrames(text).map((frame) => frame.event));
    // The replay from id 0 brings the timeline; the probe run above brings a component event.
    while (!(seen().has("timeline") && seen().has("component"))) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    await reader.cancel();
    expect([...seen()]).toEqual(expect.arrayContaining(["timeline", "component"]));
  });

  it("the fault lab's switches, with the demo lab running (ports 286xx, below the ephemeral range)", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "handback-contract-lab-"));
    const config = parseValidConfig(await readFile("examples/issue-1278.yaml", "utf8"));
    await seedPgliteDir(path.join(dir, "lab-cloud-sql"));
    const lab = await startDemoLab({ ...config.lab, basePort: 28600, scenario: undefined }, dir);
    try {
      setLab(lab);
      const { faults } = (await check(labFaults.GET, "GET", "/api/lab/faults", { path: "/api/lab/faults", as: "viewer" })) as { faults: { id: string; modes: string[] }[] };
      const fault = faults[0]!;
      const body = { fault: fault.id, mode: fault.modes.at(-1) };
      expect(await check(labFaults.POST, "POST", "/api/lab/faults", { path: "/api/lab/faults", as: "infra", body })).toMatchObject(body);
    } finally {
      await lab.close();
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it("every GET route of the contract was checked above", () => {
    const gets = ROUTES.filter((route) => route.method === "get").map((route) => `GET ${route.path}`);
    expect(gets.filter((route) => !checked.has(route))).toEqual([]);
  });
});
