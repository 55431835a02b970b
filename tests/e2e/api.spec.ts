import { get, type IncomingHttpHeaders } from "node:http";
import { gunzipSync } from "node:zlib";
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

/** One raw GET (no client-side decoding), so the test sees the bytes the server sent. */
function rawGet(url: string, headers: Record<string, string>): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    get(url, { headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
      response.on("error", reject);
    }).on("error", reject);
  });
}

// The route sends the gzip made once per build; Next must not compress it a second time (it did once).
test("GET /api/status sends gzip once to a reader that accepts it, and plain JSON to one that does not", async ({ baseURL }) => {
  const url = `${baseURL}/api/status`;
  const zipped = await rawGet(url, { ...bearer("viewer"), "accept-encoding": "gzip, deflate, br" });
  expect(zipped.status).toBe(200);
  expect(zipped.headers["content-encoding"]).toBe("gzip");
  expect(zipped.headers.vary).toMatch(/accept-encoding/i);
  const unzipped = JSON.parse(gunzipSync(zipped.body).toString("utf8"));
  expect(unzipped.incident.id).toBe("ISSUE-1278");

  const plain = await rawGet(url, { ...bearer("viewer"), "accept-encoding": "identity" });
  expect(plain.headers["content-encoding"]).toBeUndefined();
  expect(JSON.parse(plain.body.toString("utf8")).incident.id).toBe("ISSUE-1278");
});
