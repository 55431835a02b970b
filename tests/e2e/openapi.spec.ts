import { expect, test } from "@playwright/test";

// GET /api/openapi.json through the production build: public, served by its own route (not the
// catch-all 404), and the document the contract generates.
test("GET /api/openapi.json serves the OpenAPI 3.1 document without a token", async ({ request }) => {
  const response = await request.get("/api/openapi.json");
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toMatch(/^application\/json/);
  const document = await response.json();
  expect(document.openapi).toMatch(/^3\.1\.\d+$/);
  expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(["/api/status", "/api/events", "/api/components/{id}/results", "/api/openapi.json"]));
  expect(document.paths["/api/status"].get.security).toEqual([{ bearer: [] }, { session: [] }, {}]);
  expect(document.components.schemas.StatusSnapshot.properties.incident).toBeDefined();
});

test("a path beside it is still the catch-all's JSON 404", async ({ request }) => {
  const response = await request.get("/api/openapi.yaml");
  expect(response.status()).toBe(404);
  expect((await response.json()).error.code).toBe("NOT_FOUND");
});
