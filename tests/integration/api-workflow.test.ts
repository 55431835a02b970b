import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as signoff from "@/app/api/criteria/[id]/signoff/route";
import * as history from "@/app/api/components/[id]/history/route";
import * as handback from "@/app/api/handback/route";
import * as incidentState from "@/app/api/incident/state/route";
import * as phaseComplete from "@/app/api/phases/[id]/complete/route";
import * as probes from "@/app/api/probes/run/route";
import * as status from "@/app/api/status/route";
import * as testRuns from "@/app/api/test-runs/route";
import * as timeline from "@/app/api/timeline/route";
import type { TimelineEvent } from "@/lib/db";
import type { StatusSnapshot } from "@/lib/types";
import { call, callJson, expectError, NAMES, startApiHarness, type ApiHarness, type Role } from "../support/api-harness";
import { buildReport, times } from "../support/junit-reports";

// One incident from investigating to resolved through the real routes, in order: the 409s of each step on the
// way, then the happy path. The tests of this file depend on each other's state; they run in sequence.

let harness: ApiHarness;
beforeAll(async () => (harness = await startApiHarness()));
afterAll(async () => harness?.stop());

const snapshot = () => callJson<StatusSnapshot>(status.GET, { path: "/api/status", as: "viewer" });
const criterionState = async (id: string) => (await snapshot()).criteria.find((criterion) => criterion.id === id)?.state;
const entries = async (type: string) => (await callJson<{ entries: TimelineEvent[] }>(timeline.GET, { path: `/api/timeline?type=${type}`, as: "viewer" })).entries;
const move = (as: Role, state: string) => call(incidentState.POST, { method: "POST", path: "/api/incident/state", as, body: { state } });
const decide = (body: object) => call(handback.POST, { method: "POST", path: "/api/handback", as: "dev", body });
const runProbes = () => callJson<{ results: { componentId: string; status: string; result: { ok: boolean } }[] }>(probes.POST, { method: "POST", path: "/api/probes/run", as: "infra" });
const sign = (method: "POST" | "DELETE", id: string, as: Role) =>
  call(method === "POST" ? signoff.POST : signoff.DELETE, { method, path: `/api/criteria/${id}/signoff`, as, params: { id } });
/** Waits for the workflow (coalesced after probe results) to move the incident. */
const eventually = (state: string) => vi.waitFor(async () => expect((await snapshot()).incident.state).toBe(state), { timeout: 5_000, interval: 100 });

describe("409 while investigating", () => {
  it("starts investigating", async () => {
    expect((await snapshot()).incident.state).toBe("investigating");
  });

  it("POST /api/handback confirm → 409 naming the allowed states", async () => {
    const error = await expectError(await decide({ action: "confirm" }), 409, "CONFLICT");
    expect(error.message).toBe("cannot move from investigating to handed_back; allowed from investigating: remediating");
    expect(error).toMatchObject({ allowed: ["remediating"], state: "investigating" });
  });

  // A handback can only be rejected once it was offered: before that, a 409 (not a 403 for the infra-only move).
  it("POST /api/handback reject → 409: there is no handback to reject", async () => {
    await expectError(await decide({ action: "reject", reason: "not yet" }), 409, "CONFLICT");
  });

  it.each([
    ["validating", "infra"],
    ["resolved", "leadership"],
    ["ready_for_handback", "infra"],
  ] as [string, Role][])("POST /api/incident/state %s as %s → 409", async (to, as) => {
    const error = await expectError(await move(as, to), 409, "CONFLICT");
    expect(error.message).toMatch(/allowed from investigating: remediating$/);
    expect(error.allowed).toEqual(["remediating"]);
  });

  it.each([
    ["api-up", "infra", /decided by probe results/],
    ["validation-80", "dev", /decided by test runs/],
  ] as [string, Role, RegExp][])("signing the automatic criterion %s → 409", async (id, as, message) => {
    expect((await expectError(await sign("POST", id, as), 409, "CONFLICT")).message).toMatch(message);
    expect((await expectError(await sign("DELETE", id, as), 409, "CONFLICT")).message).toMatch(message);
  });

  it("completing a phase twice → 201, then 409", async () => {
    const complete = () => call(phaseComplete.POST, { method: "POST", path: "/api/phases/repair/complete", as: "infra", params: { id: "repair" } });
    const first = await complete();
    expect(first.status).toBe(201);
    expect(((await first.json()) as { phase: { state: string } }).phase.state).toBe("done");
    expect((await expectError(await complete(), 409, "CONFLICT")).message).toMatch(/phase "repair" already ended at /);
    expect((await entries("phase")).filter((entry) => entry.data?.phaseId === "repair")).toHaveLength(1);
  });

  it("nothing above moved the incident", async () => {
    expect((await snapshot()).incident.state).toBe("investigating");
    expect(await entries("state")).toHaveLength(1); // the opening entry only
  });
});

describe("the happy path", () => {
  it("infra moves investigating → remediating", async () => {
    expect(await callJson(incidentState.POST, { method: "POST", path: "/api/incident/state", as: "infra", body: { state: "remediating" } })).toEqual({ state: "remediating" });
    expect((await snapshot()).incident.state).toBe("remediating");
    expect((await entries("state"))[0]).toMatchObject({ actor: NAMES.infra, team: "infra", text: "Incident investigating → remediating" });
  });

  it("infra posts a status update; the token's name is the actor", async () => {
    const posted = await callJson<{ entry: TimelineEvent }>(timeline.POST, { method: "POST", path: "/api/timeline", as: "infra", body: { type: "update", text: "  VPC connector recreated  " } }, 201);
    expect(posted.entry).toMatchObject({ type: "update", text: "VPC connector recreated", actor: NAMES.infra, team: "infra" });
    expect((await entries("update"))[0]).toEqual(posted.entry);
  });

  it("dev posts a JUnit run with 9/10 passing; the suite criterion becomes met", async () => {
    expect(await criterionState("validation-80")).toBe("unknown");
    const body = buildReport("validation", [...times(9, "pass"), "fail"]);
    const created = await callJson(testRuns.POST, { method: "POST", path: "/api/test-runs?suite=validation", as: "dev", body, headers: { "content-type": "application/xml" } }, 201);
    expect(created).toEqual({ suite: "validation", tests: 10, passed: 9, failed: 1, skipped: 0, passRate: 90 });
    expect(await criterionState("validation-80")).toBe("met");
    const runs = await callJson<{ runs: { tests: number; passed: number; actor: string }[] }>(testRuns.GET, { path: "/api/test-runs?suite=validation", as: "viewer" });
    expect(runs.runs).toEqual([expect.objectContaining({ tests: 10, passed: 9, actor: NAMES.dev })]);
    expect((await entries("test-run"))[0]).toMatchObject({ actor: NAMES.dev, team: "dev" });
  });

  it("dev signs, then revokes, the sign-off criterion", async () => {
    expect(await criterionState("golden-path")).toBe("unmet");
    const signed = await sign("POST", "golden-path", "dev");
    expect(signed.status).toBe(201);
    expect(((await signed.json()) as { criterion: { state: string } }).criterion.state).toBe("met");
    expect(await criterionState("golden-path")).toBe("met");
    const revoked = await sign("DELETE", "golden-path", "dev");
    expect(revoked.status).toBe(200);
    expect(((await revoked.json()) as { criterion: { state: string } }).criterion.state).toBe("unmet");
    expect(await criterionState("golden-path")).toBe("unmet");
    const texts = (await entries("signoff")).map((entry) => [entry.actor, entry.text]);
    expect(texts).toEqual([
      [NAMES.dev, `${NAMES.dev} revoked the sign-off of "Golden path works end to end"`],
      [NAMES.dev, `${NAMES.dev} signed "Golden path works end to end"`],
    ]);
  });

  it("infra runs the probes while the API still fails: results come back, nothing is ready", async () => {
    const { results } = await runProbes();
    expect(results.map((outcome) => [outcome.componentId, outcome.status]).sort()).toEqual([["api", "down"], ["worker", "down"]]);
    await vi.waitFor(async () => expect(await criterionState("api-up")).toBe("unmet"), { timeout: 5_000 });
    expect((await snapshot()).incident.state).toBe("remediating");
  });

  it("once every infra criterion is met the incident becomes ready_for_handback by itself", async () => {
    harness.target.setMode("ok");
    const { results } = await runProbes();
    expect(results.find((outcome) => outcome.componentId === "api")).toMatchObject({ status: "operational", result: { ok: true } });
    await eventually("ready_for_handback");
    expect(await criterionState("api-up")).toBe("met");
    // The whole-incident chart data: minute buckets holding both checks of "api", one failed and one passed.
    const since = new Date(Date.now() - 3 * 60_000).toISOString();
    const chart = await callJson<{ bucket: string; buckets: { count: number; okCount: number; location: string }[] }>(history.GET, {
      path: `/api/components/api/history?since=${since}`,
      as: "viewer",
      params: { id: "api" },
    });
    expect(chart.bucket).toBe("minute");
    expect(chart.buckets.reduce((sum, bucket) => sum + bucket.count, 0)).toBe(2);
    expect(chart.buckets.reduce((sum, bucket) => sum + bucket.okCount, 0)).toBe(1);
    expect((await entries("state"))[0]).toMatchObject({ actor: "handback", text: "Incident remediating → ready_for_handback: every infrastructure criterion is met" });
  });

  it("dev rejects with a reason → remediating; the timeline shows the reason and the actor", async () => {
    expect(await callJson(handback.POST, { method: "POST", path: "/api/handback", as: "dev", body: { action: "reject", reason: "login still returns 502" } })).toEqual({ state: "remediating" });
    const rejection = (await entries("state")).find((entry) => entry.data?.to === "remediating" && entry.actor === NAMES.dev);
    expect(rejection).toMatchObject({ team: "dev", text: "Incident ready_for_handback → remediating: login still returns 502", data: { reason: "login still returns 502" } });
  });

  it("the next probe run brings it back to ready_for_handback", async () => {
    await runProbes();
    await eventually("ready_for_handback");
  });

  it("dev confirms → handed_back", async () => {
    expect(await callJson(handback.POST, { method: "POST", path: "/api/handback", as: "dev", body: { action: "confirm" } })).toEqual({ state: "handed_back" });
    expect((await snapshot()).incident.state).toBe("handed_back");
  });

  it("probes after the handback do not move it", async () => {
    await runProbes();
    await callJson(timeline.POST, { method: "POST", path: "/api/timeline", as: "dev", body: { type: "note", text: "settles the workflow" } }, 201);
    expect((await snapshot()).incident.state).toBe("handed_back");
  });

  it("resolving before the golden path is signed and the watch has ended → 409 naming both", async () => {
    const error = await expectError(await move("leadership", "resolved"), 409, "CONFLICT");
    expect(error.message).toMatch(/^cannot resolve: 1 criteria are not met \(golden-path\); the watch after the handback runs until /);
    expect(error.unmet).toEqual([{ id: "golden-path", title: "Golden path works end to end", owner: "dev", state: "unmet" }]);
    expect(error.watch).toMatchObject({ ended: false });
    expect((await snapshot()).gate).toMatchObject({ readyForHandback: true, readyToResolve: false, unmet: [{ id: "golden-path" }] });
  });

  it("once dev signs and the 2 s watch has ended clean, leadership resolves it", async () => {
    expect((await sign("POST", "golden-path", "dev")).status).toBe(201);
    await vi.waitFor(async () => expect((await snapshot()).gate.readyToResolve).toBe(true), { timeout: 5_000, interval: 200 });
    expect(await callJson(incidentState.POST, { method: "POST", path: "/api/incident/state", as: "leadership", body: { state: "resolved" } })).toEqual({ state: "resolved" });
    expect((await snapshot()).incident.state).toBe("resolved");
    expect((await entries("state"))[0]).toMatchObject({ actor: NAMES.leadership, team: "leadership", text: "Incident handed_back → resolved" });
  });

  it.each([
    ["infra → remediating", () => move("infra", "remediating")],
    ["dev → investigating", () => move("dev", "investigating")],
    ["leadership → resolved again", () => move("leadership", "resolved")],
    ["dev confirms again", () => decide({ action: "confirm" })],
    ["dev rejects", () => decide({ action: "reject", reason: "too late" })],
  ])("after resolved, %s → 409 allowed: none", async (_label, attempt) => {
    const error = await expectError(await attempt(), 409, "CONFLICT");
    expect(error.message).toMatch(/allowed from resolved: none/);
    expect(error).toMatchObject({ allowed: [], state: "resolved" });
  });
});

describe("GET /api/status validators", () => {
  const tagged = async (headers: Record<string, string> = {}) => call(status.GET, { path: "/api/status", as: "viewer", headers });

  it("answers 304 to its own ETag while nothing moved, and a new ETag once something did", async () => {
    // The tag may turn with the minute between the two calls: then the next pair agrees.
    let etag = "";
    await vi.waitFor(async () => {
      etag = (await tagged()).headers.get("etag") ?? "";
      const again = await tagged({ "if-none-match": etag });
      expect([again.status, again.headers.get("etag"), await again.text()]).toEqual([304, etag, ""]);
    }, { timeout: 10_000, interval: 100 });
    expect(etag).toMatch(/^W\/"/);
    expect((await tagged()).headers.get("cache-control")).toBe("private, no-cache");
    expect((await call(timeline.POST, { method: "POST", path: "/api/timeline", as: "infra", body: { type: "update", text: "validators" } })).status).toBe(201);
    const after = await tagged({ "if-none-match": etag });
    expect(after.status).toBe(200);
    expect(after.headers.get("etag")).not.toBe(etag);
    expect(((await after.json()) as StatusSnapshot).incident.cadence.lastUpdateBy).toBe(NAMES.infra);
  });
});
