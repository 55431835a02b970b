import { expect } from "vitest";
import { errorBodySchema } from "@/lib/api/contract/common";
import { ERROR_STATUS, errorsOf } from "@/lib/api/contract/document";
import { ROUTES, type RouteContract } from "@/lib/api/contract/routes";
import { sseFrameSchema } from "@/lib/api/contract/events";

// Checks real responses against the API contract: the status must be documented for the route, and the
// body must parse with the documented (strict) schema, so a schema that lies about a response fails.

/** `method path` of every route a test checked a response of. */
export const checked = new Set<string>();

/** The registry entry of a method and an OpenAPI path (`/api/components/{id}/results`). */
export function contractOf(method: string, path: string): RouteContract {
  const route = ROUTES.find((candidate) => candidate.method === method.toLowerCase() && candidate.path === path);
  if (!route) throw new Error(`${method} ${path} is not in the contract`);
  return route;
}

/** Asserts the response is documented for the route and parses its body with the documented schema; returns it. */
export async function expectDocumented(method: string, path: string, response: Response): Promise<unknown> {
  const route = contractOf(method, path);
  checked.add(`${method.toUpperCase()} ${path}`);
  const text = await response.text();
  const documented = route.responses[response.status];
  if (!documented) {
    const codes = errorsOf(route).filter((code) => ERROR_STATUS[code] === response.status);
    expect(codes, `${response.status} is not documented for ${method} ${path}: ${text}`).not.toEqual([]);
    const body = errorBodySchema.parse(JSON.parse(text));
    expect(codes).toContain(body.error.code);
    return body;
  }
  if (!documented.content) {
    expect(text).toBe("");
    return null;
  }
  const type = response.headers.get("content-type") ?? "";
  const payload = documented.content.find((candidate) => type.startsWith(candidate.type));
  expect(payload, `content-type ${type} is not documented for ${response.status} of ${method} ${path}`).toBeDefined();
  const parsed = payload!.schema.safeParse(payload!.type === "application/json" ? JSON.parse(text) : text);
  expect(parsed.error?.issues ?? [], `${method} ${path} ${response.status}: ${text.slice(0, 500)}`).toEqual([]);
  return parsed.data;
}

/** Parses `id:`/`event:`/`data:` frames of an SSE text with the documented frame schema. */
export function parseSseFrames(text: string) {
  return text
    .split("\n\n")
    .map((block) => block.split("\n").filter((line) => /^(id|event|data): /.test(line)))
    .filter((lines) => lines.some((line) => line.startsWith("data: ")))
    .map((lines) => {
      const field = (name: string) => lines.filter((line) => line.startsWith(`${name}: `)).map((line) => line.slice(name.length + 2));
      const id = field("id")[0];
      const frame = { event: field("event")[0] ?? "message", ...(id !== undefined && { id: Number(id) }), data: JSON.parse(field("data").join("\n")) as unknown };
      const parsed = sseFrameSchema.safeParse(frame);
      expect(parsed.error?.issues ?? [], JSON.stringify(frame).slice(0, 500)).toEqual([]);
      return parsed.data!;
    });
}
