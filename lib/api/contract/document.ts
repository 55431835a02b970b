import "server-only";
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject, type ZodOpenApiResponseObject, type ZodOpenApiResponsesObject } from "zod-openapi";
import { SESSION_COOKIE } from "@/lib/auth/session";
import { STATUS } from "@/lib/errors";
import { errorBodySchema, type ApiErrorCode } from "./common";
import { ROUTES, type Access, type Payload, type RouteContract } from "./routes";

// GET /api/openapi.json: the OpenAPI 3.1 document, generated from the registry's zod schemas by zod-openapi.

/** The HTTP status each error code answers with. */
export const ERROR_STATUS: Record<ApiErrorCode, number> = { ...STATUS, STORAGE_TIMEOUT: 503 };

/** Who may call: a Bearer token or the session cookie; `{}` (anonymous) too for reads while `access.publicRead` is on. */
const SECURITY: Record<Access, ZodOpenApiOperationObject["security"]> = {
  public: [],
  reader: [{ bearer: [] }, { session: [] }, {}],
  anyTeam: [{ bearer: [] }, { session: [] }],
  infra: [{ bearer: [] }, { session: [] }],
  dev: [{ bearer: [] }, { session: [] }],
  owner: [{ bearer: [] }, { session: [] }],
};

const ROLE_TEXT: Record<Access, string> = {
  public: "Anyone.",
  reader: "Any token, viewer included; anonymous too when `access.publicRead` is true or no tokens are configured.",
  anyTeam: "Any team token (not viewer).",
  infra: "A token of the infra team.",
  dev: "A token of the dev team.",
  owner: "A token of the team that owns the criterion or phase.",
};

/** The errors a route can answer: its own, the auth errors its access implies, and INTERNAL. */
export function errorsOf(route: RouteContract): ApiErrorCode[] {
  const auth: ApiErrorCode[] = route.access === "public" ? [] : route.access === "reader" ? ["UNAUTHORIZED"] : ["UNAUTHORIZED", "FORBIDDEN", "CSRF"];
  return [...new Set<ApiErrorCode>([...auth, ...route.errors, "INTERNAL"])];
}

const contentOf = (payloads: Payload[]) => Object.fromEntries(payloads.map(({ type, schema }) => [type, { schema }]));

function responsesOf(route: RouteContract): ZodOpenApiResponsesObject {
  const responses: Record<string, ZodOpenApiResponseObject> = {};
  for (const [status, { description, content, headers }] of Object.entries(route.responses)) {
    responses[status] = {
      description,
      ...(content && { content: contentOf(content) }),
      ...(headers && { headers: Object.fromEntries(Object.entries(headers).map(([name, text]) => [name, { description: text, schema: { type: "string" } }])) }),
    };
  }
  for (const code of errorsOf(route)) {
    const status = String(ERROR_STATUS[code]);
    const known = responses[status];
    if (!known) responses[status] = { description: code, content: { "application/json": { schema: errorBodySchema } } };
    else if (!(status in route.responses)) known.description += `, ${code}`;
  }
  return responses as ZodOpenApiResponsesObject;
}

function operationOf(route: RouteContract): ZodOpenApiOperationObject {
  return {
    operationId: `${route.method}${route.path.replace(/[{}]/g, "").replace(/[/.-](\w)/g, (_m, c: string) => c.toUpperCase())}`,
    summary: route.summary,
    description: ROLE_TEXT[route.access],
    tags: [route.path.split("/")[2] ?? "api"],
    security: SECURITY[route.access],
    "x-handback-access": route.access,
    ...((route.params || route.query) && { requestParams: { ...(route.params && { path: route.params }), ...(route.query && { query: route.query }) } }),
    ...(route.body && { requestBody: { required: route.body.required, content: contentOf(route.body.content) } }),
    responses: responsesOf(route),
  };
}

function pathsOf(routes: readonly RouteContract[]): ZodOpenApiPathsObject {
  const paths: ZodOpenApiPathsObject = {};
  for (const route of routes) paths[route.path] = { ...paths[route.path], [route.method]: operationOf(route) };
  return paths;
}

/** Builds the document from the registry (or a given route list, for tests). */
export function buildOpenApiDocument(routes: readonly RouteContract[] = ROUTES) {
  return createDocument({
    openapi: "3.1.0",
    info: {
      title: "Handback API",
      version: "1",
      description:
        "Live probes, impact and the handback gate of one incident. Errors are JSON `{\"error\":{\"code\",\"message\"}}`; " +
        "any other path under /api/ answers 404 NOT_FOUND in that shape.",
    },
    paths: pathsOf(routes),
    components: {
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "a secret from HANDBACK_TOKENS" },
        session: { type: "apiKey", in: "cookie", name: SESSION_COOKIE, description: "set by POST /api/session; writes must be same-origin" },
      },
    },
  }, {
    // `format: date-time` says it; zod's 400-character regex beside every timestamp only bloats the document.
    override: ({ jsonSchema }) => {
      if (jsonSchema.format === "date-time") delete jsonSchema.pattern;
    },
  });
}

let cached: ReturnType<typeof buildOpenApiDocument> | null = null;

/** The document, built once per process: the registry does not change while it runs. */
export function openApiDocument() {
  return (cached ??= buildOpenApiDocument());
}
