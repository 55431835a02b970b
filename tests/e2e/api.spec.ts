import { expect, test } from "@playwright/test";
import { bearer } from "./tokens";

// The contract's health, readiness and snapshot routes against the running production server.
test("GET /api/health answers ok without storage", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ status: "ok" });
});

test("GET /api/ready reports the embedded store as ready", async ({ request }) => {
  const response = await request.get("/api/ready");
  expect(response.status()).toBe(200);
  expect(await response.json()).toMatchObject({ status: "ready", storage: "pglite" });
});

test("GET /api/status returns the snapshot fields of the contract", async ({ request }) => {
  const response = await request.get("/api/status");
  expect(response.status()).toBe(200);
  const body = await response.json();
  expect(body.incident).toMatchObject({ id: "ISSUE-1278", severity: "P0" });
  expect(Object.keys(body.incident)).toEqual(expect.arrayContaining(["id", "title", "severity", "state", "startedAt"]));
  for (const component of body.components) {
    expect(Object.keys(component)).toEqual(
      expect.arrayContaining(["id", "name", "group", "status", "checkedAt", "latencyMs", "error", "stale"]),
    );
  }
  expect(body.criteria).toHaveLength(10);
  expect(body.phases).toHaveLength(4);
  expect(body.impact.functions).toHaveLength(5);
  expect(typeof body.impact.arrAtRisk).toBe("number");
});

test("an unknown API route is a JSON 404 with a code", async ({ request }) => {
  const response = await request.get("/api/components/no-such-component/results");
  expect(response.status()).toBe(404);
  expect((await response.json()).error.code).toBe("NOT_FOUND");
});

test("POST /api/probes/run runs the named components now and returns judged results", async ({ request }) => {
  const response = await request.post("/api/probes/run", { data: { components: ["backend-health", "redis"] }, headers: bearer("infra") });
  expect(response.status()).toBe(200);
  const { results } = await response.json();
  expect(results.map((result: { componentId: string }) => result.componentId).sort()).toEqual(["backend-health", "redis"]);
  for (const result of results) {
    expect(["operational", "degraded", "down", "unknown"]).toContain(result.status);
    expect(result.result).toHaveProperty("latencyMs");
  }
});

test("POST /api/probes/run rejects unknown components and malformed bodies with JSON errors", async ({ request }) => {
  const unknown = await request.post("/api/probes/run", { data: { components: ["nope"] }, headers: bearer("infra") });
  expect(unknown.status()).toBe(404);
  expect((await unknown.json()).error.code).toBe("NOT_FOUND");
  const malformed = await request.post("/api/probes/run", { data: "{not json", headers: { "content-type": "application/json", ...bearer("infra") } });
  expect(malformed.status()).toBe(400);
  expect((await malformed.json()).error.code).toBe("BAD_REQUEST");
});

test("GET /api/components/{id}/results lists stored results newest first", async ({ request }) => {
  await request.post("/api/probes/run", { data: { components: ["auth-health"] }, headers: bearer("infra") });
  const response = await request.get("/api/components/auth-health/results?limit=5");
  expect(response.status()).toBe(200);
  const { results } = await response.json();
  expect(results.length).toBeGreaterThanOrEqual(1);
  expect(results[0]).toMatchObject({ componentId: "auth-health" });
  const bad = await request.get("/api/components/auth-health/results?limit=0");
  expect(bad.status()).toBe(400);
});

test("POST /api/probes/run needs the infra role: 401 without a token, 403 for dev", async ({ request }) => {
  const anonymous = await request.post("/api/probes/run", { data: {} });
  expect(anonymous.status()).toBe(401);
  expect(anonymous.headers()["www-authenticate"]).toMatch(/Bearer/);
  const dev = await request.post("/api/probes/run", { data: {}, headers: bearer("dev") });
  expect(dev.status()).toBe(403);
  expect((await dev.json()).error.code).toBe("FORBIDDEN");
});
