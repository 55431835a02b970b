import { readdirSync } from "node:fs";
import path from "node:path";
import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import { buildOpenApiDocument, openApiDocument } from "@/lib/api/contract/document";
import { sseFrameSchema } from "@/lib/api/contract/events";
import { ROUTES } from "@/lib/api/contract/routes";
import { encodeEvent } from "@/lib/events/sse";
import { parseSseFrames } from "../support/contract";

// The API contract (issue 10): every route file under app/api/ is in GET /api/openapi.json, nothing else is,
// and the document is valid OpenAPI 3.1. The responses themselves are checked in tests/integration/api-contract.test.ts.

const API_DIR = path.resolve("app/api");
const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];
/** The catch-all that answers unknown API paths with 404 NOT_FOUND: described in info.description, not a path. */
const CATCH_ALL = "[...path]";

/** Every route.ts under app/api/, as its URL path in OpenAPI form (`[id]` → `{id}`). */
function routeFiles(dir = API_DIR): { file: string; path: string }[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    if (entry.name !== "route.ts") return [];
    const segments = path.relative(API_DIR, dir).split(path.sep).filter(Boolean);
    return [{ file: full, path: `/api/${segments.map((segment) => segment.replace(/^\[(\w+)\]$/, "{$1}")).join("/")}`.replace(/\/$/, "") }];
  });
}

/** method + path of every handler the route files export. */
async function exportedOperations(): Promise<string[]> {
  const operations: string[] = [];
  for (const { file, path: urlPath } of routeFiles()) {
    if (file.includes(CATCH_ALL)) continue;
    const handlers = (await import(file)) as Record<string, unknown>;
    for (const method of HTTP_METHODS) if (typeof handlers[method] === "function") operations.push(`${method} ${urlPath}`);
  }
  return operations.sort();
}

function documentedOperations(document: ReturnType<typeof openApiDocument>): string[] {
  return Object.entries(document.paths ?? {})
    .flatMap(([urlPath, item]) => Object.keys(item as object).map((method) => `${method.toUpperCase()} ${urlPath}`))
    .sort();
}

/** Every `$ref` string anywhere in a JSON value. */
function refsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refsIn);
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([key, inner]) => (key === "$ref" && typeof inner === "string" ? [inner] : refsIn(inner)));
}

function resolvePointer(document: unknown, ref: string): unknown {
  return ref
    .replace(/^#\//, "")
    .split("/")
    .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce<unknown>((node, part) => (node && typeof node === "object" ? (node as Record<string, unknown>)[part] : undefined), document);
}

describe("route coverage", () => {
  it("finds the route files (the walk itself works)", () => {
    const paths = routeFiles().map((route) => route.path);
    expect(paths).toContain("/api/status");
    expect(paths).toContain("/api/components/{id}/results");
    expect(paths).toContain(`/api/${CATCH_ALL}`);
  });

  it("documents every method every route file exports, and no route that does not exist", async () => {
    const exported = await exportedOperations();
    expect(exported.length).toBeGreaterThan(15);
    expect(documentedOperations(openApiDocument())).toEqual(exported);
  });

  it("fails when a route is left out of the registry", async () => {
    const withoutStatus = buildOpenApiDocument(ROUTES.filter((route) => route.path !== "/api/status"));
    expect(documentedOperations(withoutStatus)).not.toEqual(await exportedOperations());
  });

  it("describes the catch-all as the 404 answer of every other /api path", () => {
    const document = openApiDocument();
    expect(Object.keys(document.paths ?? {}).some((key) => key.includes("..."))).toBe(false);
    expect(document.info.description).toMatch(/any other path under \/api\/ answers 404 NOT_FOUND/);
  });
});

describe("the document", () => {
  const document = openApiDocument();

  it("is valid OpenAPI 3.1 by the specification's own JSON schema", async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(document) as never);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
    expect(document.openapi).toMatch(/^3\.1\.\d+$/);
  });

  it("the validator and the $ref check do fail on a broken document", async () => {
    const broken = structuredClone(document) as unknown as { paths: Record<string, Record<string, { responses: Record<string, { description?: string }> }>> };
    delete broken.paths["/api/status"]!.get!.responses["200"]!.description;
    expect((await new Validator().validate(broken as never)).valid).toBe(false);
    const dangling = { ...document, components: { ...document.components, schemas: { ...document.components?.schemas, StatusSnapshot: undefined } } };
    expect(refsIn(dangling).filter((ref) => resolvePointer(dangling, ref) === undefined)).toContain("#/components/schemas/StatusSnapshot");
  });

  it("requires no property that no value can satisfy (`not: {}`)", () => {
    const impossible: string[] = [];
    const walk = (node: unknown, at: string): void => {
      if (Array.isArray(node)) return node.forEach((item, index) => walk(item, `${at}/${index}`));
      if (typeof node !== "object" || node === null) return;
      const { required, properties } = node as { required?: unknown; properties?: Record<string, unknown> };
      // `required: true` of a parameter or request body is not a schema's list of property names.
      for (const name of Array.isArray(required) ? (required as string[]) : []) if (JSON.stringify(properties?.[name]) === '{"not":{}}') impossible.push(`${at}/${name}`);
      for (const [key, inner] of Object.entries(node)) walk(inner, `${at}/${key}`);
    };
    walk(document, "#");
    expect(impossible).toEqual([]);
  });

  it("resolves every $ref", () => {
    const refs = [...new Set(refsIn(document))];
    expect(refs.length).toBeGreaterThan(5);
    expect(refs.filter((ref) => !ref.startsWith("#/") || resolvePointer(document, ref) === undefined)).toEqual([]);
  });

  it.each(ROUTES.map((route) => [`${route.method.toUpperCase()} ${route.path}`, route] as const))("%s has responses, its errors and its access", (_label, route) => {
    const operation = (document.paths?.[route.path] as Record<string, { responses?: Record<string, unknown>; "x-handback-access"?: string }>)[route.method]!;
    const statuses = Object.keys(operation.responses ?? {});
    expect(statuses.some((status) => /^[23]\d\d$/.test(status))).toBe(true);
    expect(statuses).toContain("500");
    if (route.access !== "public") expect(statuses).toContain("401");
    if (!["public", "reader"].includes(route.access)) expect(statuses).toContain("403");
    expect(operation["x-handback-access"]).toBe(route.access);
  });

  it("documents the SSE event types of the stream", () => {
    expect(JSON.stringify(document.paths?.["/api/events"])).toContain('"text/event-stream":{"schema":{"$ref":"#/components/schemas/ServerSentEvent"}}');
    const text = JSON.stringify(document.components?.schemas?.ServerSentEvent);
    for (const type of ["component", "criterion", "incident", "timeline", "test-run", "resync"]) expect(text).toContain(`"const":"${type}"`);
  });

  it("lists one operation per method and path, with unique operation ids", () => {
    const ids = ROUTES.map((route) => `${route.method} ${route.path}`);
    expect(new Set(ids).size).toBe(ids.length);
    const operationIds = Object.values(document.paths ?? {}).flatMap((item) => Object.values(item as Record<string, { operationId?: string }>).map((op) => op.operationId));
    expect(new Set(operationIds).size).toBe(operationIds.length);
  });
});

describe("SSE frames", () => {
  const component = { id: "api", location: "default", status: "down", checkedAt: "2025-01-01T00:00:00.000Z", latencyMs: 12, error: null };

  it("parses the stream's frames as ServerSentEvent, an id on timeline frames only", () => {
    const text = encodeEvent({ event: "component", data: component }) + encodeEvent({ event: "resync", data: { reason: "replay-failed" } });
    expect(parseSseFrames(text).map((frame) => frame.event)).toEqual(["component", "resync"]);
  });

  it.each<[string, unknown]>([
    ["an unknown event type", { event: "gossip", data: {} }],
    ["a component event without its location", { event: "component", data: { ...component, location: undefined } }],
    ["a component event with an undocumented field", { event: "component", data: { ...component, secret: "x" } }],
    ["a timeline event without an id", { event: "timeline", data: {} }],
    ["a component event with an id", { event: "component", id: 1, data: component }],
  ])("refuses %s", (_label, frame) => {
    expect(sseFrameSchema.safeParse(JSON.parse(JSON.stringify(frame))).success).toBe(false);
  });
});
