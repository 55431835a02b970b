import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as catchAll from "@/app/api/[...path]/route";
import * as history from "@/app/api/components/[id]/history/route";
import * as results from "@/app/api/components/[id]/results/route";
import * as transitions from "@/app/api/components/[id]/transitions/route";
import * as signoff from "@/app/api/criteria/[id]/signoff/route";
import * as handback from "@/app/api/handback/route";
import * as health from "@/app/api/health/route";
import * as impactHistory from "@/app/api/impact/history/route";
import * as incidentState from "@/app/api/incident/state/route";
import * as phaseComplete from "@/app/api/phases/[id]/complete/route";
import * as probes from "@/app/api/probes/run/route";
import * as ready from "@/app/api/ready/route";
import * as session from "@/app/api/session/route";
import * as status from "@/app/api/status/route";
import * as testRuns from "@/app/api/test-runs/route";
import * as timeline from "@/app/api/timeline/route";
import { BASE_URL, SECRETS, call, callJson, expectError, startApiHarness, type ApiHarness, type CallOptions, type Handler, type Role } from "../support/api-harness";
import { buildReport, times } from "../support/junit-reports";

// Who may call what (docs/api.md): every route's 401 and 403 paths, and that a refused
// request writes nothing. The 404/400/413 paths are in api-errors.test.ts, the workflow in api-workflow.test.ts.

let harness: ApiHarness;
beforeAll(async () => (harness = await startApiHarness()));
afterAll(async () => harness?.stop());

const REPORT = buildReport("validation", [...times(9, "pass"), "fail"]);

type Route = [label: string, handler: Handler, options: CallOptions];
const route = (handler: Handler, method: string, path: string, extra: Omit<CallOptions, "path" | "method"> = {}): Route => [
  `${method} ${path.split("?")[0]}`,
  handler,
  { method, path, ...extra },
];

const READS: Route[] = [
  route(status.GET, "GET", "/api/status"),
  route(results.GET, "GET", "/api/components/api/results", { params: { id: "api" } }),
  route(history.GET, "GET", "/api/components/api/history", { params: { id: "api" } }),
  route(transitions.GET, "GET", "/api/components/api/transitions", { params: { id: "api" } }),
  route(impactHistory.GET, "GET", "/api/impact/history"),
  route(timeline.GET, "GET", "/api/timeline"),
  route(testRuns.GET, "GET", "/api/test-runs?suite=validation"),
];

const WRITES: Route[] = [
  route(probes.POST, "POST", "/api/probes/run", { body: {} }),
  route(timeline.POST, "POST", "/api/timeline", { body: { type: "note", text: "refused" } }),
  route(signoff.POST, "POST", "/api/criteria/golden-path/signoff", { params: { id: "golden-path" } }),
  route(signoff.DELETE, "DELETE", "/api/criteria/golden-path/signoff", { params: { id: "golden-path" } }),
  route(testRuns.POST, "POST", "/api/test-runs?suite=validation", { body: REPORT, headers: { "content-type": "application/xml" } }),
  route(handback.POST, "POST", "/api/handback", { body: { action: "confirm" } }),
  route(incidentState.POST, "POST", "/api/incident/state", { body: { state: "remediating" } }),
  route(phaseComplete.POST, "POST", "/api/phases/repair/complete", { params: { id: "repair" } }),
];

/** Everything a refused write could have changed. */
async function storedState() {
  const [entries, runs, snapshot] = await Promise.all([
    callJson<{ entries: unknown[] }>(timeline.GET, { path: "/api/timeline?limit=1000", as: "viewer" }),
    callJson<{ runs: unknown[] }>(testRuns.GET, { path: "/api/test-runs?suite=validation", as: "viewer" }),
    callJson<{ incident: { state: string }; criteria: unknown[]; phases: { id: string; state: string; endedAt: string | null }[] }>(status.GET, { path: "/api/status", as: "viewer" }),
  ]);
  const phases = snapshot.phases.map(({ id, state, endedAt }) => ({ id, state, endedAt })); // elapsedMs moves with the clock
  return { entries: entries.entries, runs: runs.runs, state: snapshot.incident.state, criteria: snapshot.criteria, phases };
}

describe("401 without a valid token", () => {
  let before: Awaited<ReturnType<typeof storedState>>;
  beforeAll(async () => (before = await storedState()));

  it.each([...READS, ...WRITES])("%s: no token → 401 with a Bearer challenge", async (_label, handler, options) => {
    const response = await call(handler, { ...options, as: null });
    expect(response.headers.get("www-authenticate")).toMatch(/^Bearer realm=/);
    await expectError(response, 401, "UNAUTHORIZED");
  });

  it.each([...READS, ...WRITES])("%s: unknown token → 401", async (_label, handler, options) => {
    const response = await call(handler, { ...options, as: "bad" });
    expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect((await expectError(response, 401, "UNAUTHORIZED")).message).toBe("invalid token");
  });

  it.each([
    ["a Basic header", "Basic aW5mcmE6c2VjcmV0"],
    ["an empty Bearer", "Bearer "],
  ])("%s → 401", async (_label, authorization) => {
    await expectError(await call(status.GET, { path: "/api/status", headers: { authorization } }), 401, "UNAUTHORIZED");
  });

  it.each([
    ["POST /api/criteria/nope/signoff", signoff.POST, { method: "POST", path: "/api/criteria/nope/signoff", params: { id: "nope" } }],
    ["POST /api/phases/nope/complete", phaseComplete.POST, { method: "POST", path: "/api/phases/nope/complete", params: { id: "nope" } }],
  ] as Route[])("%s: an unknown id is still 401, not 404, without a token", async (_label, handler, options) => {
    await expectError(await call(handler, { ...options, as: null }), 401, "UNAUTHORIZED");
  });

  it("the same client's 11th wrong token → 429 RATE_LIMITED with Retry-After, on any route", async () => {
    const peer = "198.51.100.77";
    for (let i = 0; i < 10; i += 1) await expectError(await call(status.GET, { path: "/api/status", as: "bad", peer }), 401, "UNAUTHORIZED");
    const limited = await call(timeline.GET, { path: "/api/timeline", as: "viewer", peer });
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    await expectError(limited, 429, "RATE_LIMITED");
  });

  it("GET /api/session without a cookie → 401", async () => {
    await expectError(await call(session.GET, { path: "/api/session" }), 401, "UNAUTHORIZED");
  });

  it("wrote nothing", async () => {
    expect(await storedState()).toEqual(before);
  });
});

describe("403 for the wrong role", () => {
  let before: Awaited<ReturnType<typeof storedState>>;
  beforeAll(async () => (before = await storedState()));

  it.each(WRITES)("%s: viewer → 403", async (_label, handler, options) => {
    const error = await expectError(await call(handler, { ...options, as: "viewer" }), 403, "FORBIDDEN");
    expect(error.message).toMatch(/board|role/);
  });

  it.each(READS)("%s: viewer may read → 200", async (_label, handler, options) => {
    expect((await call(handler, { ...options, as: "viewer" })).status).toBe(200);
  });

  it.each<[string, Handler, CallOptions & { as: Role }, RegExp]>([
    ["dev runs probes", probes.POST, { method: "POST", path: "/api/probes/run", as: "dev", body: {} }, /needs role "infra"/],
    ["infra confirms the handback", handback.POST, { method: "POST", path: "/api/handback", as: "infra", body: { action: "confirm" } }, /needs role "dev"/],
    ["infra rejects the handback", handback.POST, { method: "POST", path: "/api/handback", as: "infra", body: { action: "reject", reason: "no" } }, /needs role "dev"/],
    ["leadership signs a dev criterion", signoff.POST, { method: "POST", path: "/api/criteria/golden-path/signoff", as: "leadership", params: { id: "golden-path" } }, /needs role "dev" \(the criterion's owner\)/],
    ["infra revokes a dev sign-off", signoff.DELETE, { method: "DELETE", path: "/api/criteria/golden-path/signoff", as: "infra", params: { id: "golden-path" } }, /needs role "dev"/],
    ["dev completes an infra phase", phaseComplete.POST, { method: "POST", path: "/api/phases/repair/complete", as: "dev", params: { id: "repair" } }, /needs role "infra"/],
    ["leadership starts remediation", incidentState.POST, { method: "POST", path: "/api/incident/state", as: "leadership", body: { state: "remediating" } }, /needs the infra role/],
  ])("%s → 403", async (_label, handler, options, message) => {
    expect((await expectError(await call(handler, options), 403, "FORBIDDEN")).message).toMatch(message);
  });

  it("wrote nothing", async () => {
    expect(await storedState()).toEqual(before);
  });
});

describe("open routes", () => {
  it.each([
    ["GET /api/health", health.GET, { status: "ok" }],
    ["GET /api/ready", ready.GET, { status: "ready", storage: "pglite" }],
  ] as [string, () => Promise<Response> | Response, object][])("%s answers 200 without a token", async (_label, handler, body) => {
    const response = await handler();
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(body);
  });

  it.each(["GET", "POST", "DELETE"])("%s /api/nope → 404 JSON from the catch-all, token or not", async (method) => {
    const handler = catchAll[method as "GET" | "POST" | "DELETE"] as Handler;
    const error = await expectError(await call(handler, { method, path: "/api/nope" }), 404, "NOT_FOUND");
    expect(error.message).toBe(`no API route ${method} /api/nope`);
    await expectError(await call(handler, { method, path: "/api/nope", as: "infra" }), 404, "NOT_FOUND");
  });
});

describe("cookie sessions", () => {
  let cookie: string;
  beforeAll(async () => {
    const response = await call(session.POST as Handler, { method: "POST", path: "/api/session", body: { token: SECRETS.infra } });
    expect(response.status).toBe(200);
    cookie = (response.headers.get("set-cookie") ?? "").split(";")[0]!;
    expect(cookie).toMatch(/^hb_session=/);
  });
  const note = { type: "note", text: "posted from the dashboard" };

  it("reads with the cookie alone", async () => {
    expect((await call(status.GET, { path: "/api/status", headers: { cookie } })).status).toBe(200);
  });

  it.each([
    ["no Origin", {}],
    ["another origin", { origin: "http://evil.example" }],
    ["a same-site neighbour port", { origin: "http://handback.test:8443" }],
    ["Sec-Fetch-Site cross-site", { "sec-fetch-site": "cross-site" }],
  ])("a cookie write with %s → 403 CSRF", async (_label, headers: Record<string, string>) => {
    const response = await call(timeline.POST, { method: "POST", path: "/api/timeline", body: note, headers: { cookie, ...headers } });
    expect((await expectError(response, 403, "CSRF")).message).toMatch(/cross-origin/);
  });

  it.each([
    ["the same Origin", { origin: BASE_URL }],
    ["Sec-Fetch-Site same-origin", { "sec-fetch-site": "same-origin" }],
  ])("a cookie write with %s → 201 as the token's name", async (_label, headers: Record<string, string>) => {
    const body = await callJson<{ entry: { actor: string; team: string } }>(
      timeline.POST,
      { method: "POST", path: "/api/timeline", body: note, headers: { cookie, ...headers } },
      201,
    );
    expect(body.entry).toMatchObject({ actor: "ci-infra", team: "infra" });
  });

  it("a forged cookie is no session → 401", async () => {
    const forged = `${cookie.slice(0, -4)}AAAA`;
    await expectError(await call(status.GET, { path: "/api/status", headers: { cookie: forged } }), 401, "UNAUTHORIZED");
  });
});
