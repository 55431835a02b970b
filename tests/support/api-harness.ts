import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { NextRequest } from "next/server";
import { expect, vi } from "vitest";
import { stampPeer } from "@/lib/auth/peer";
import { boot } from "@/lib/boot";
import { findRefusedPort, startHttpTarget, type HttpTarget } from "@/lib/lab";
import { getDb, getEngine, getNotifier, getWorkflow } from "@/lib/runtime";
import { parseValidConfig } from "./config-text";
import { seedPgliteDir } from "./pglite-template.mjs";

// Boots the real runtime (config file, PGlite, workflow, engine on request only) for route-handler tests.
// Env is stubbed before the first handler call, since getRuntime() reads it once per process.

/** Token secrets by role; the token names are what the timeline records as actors. */
export const SECRETS = {
  infra: "infra-secret-0123456789abcdef",
  dev: "dev-secret-0123456789abcdef",
  leadership: "lead-secret-0123456789abcdef",
  viewer: "viewer-secret-0123456789abcdef",
} as const;
export const NAMES = { infra: "ci-infra", dev: "alice-dev", leadership: "bob-lead", viewer: "board" } as const;
export type Role = keyof typeof SECRETS;
/** A well-formed secret that no token has. */
export const BAD_SECRET = "wrong-secret-0123456789abcdef";
export const BASE_URL = "http://handback.test";

/** The incident: `api` on a lab HTTP target (failing until told otherwise), `worker` on a refused port. */
export function incidentYaml(apiPort: number, refusedPort: number): string {
  return `incident: { id: API-1, title: Route test incident, severity: P1, startedAt: 2025-01-01T00:00:00Z }
teams:
  - { id: infra, name: Infrastructure }
  - { id: dev, name: Development }
  - { id: leadership, name: Business leadership }
defaults: { interval: 1h, timeout: 1s, failureThreshold: 1, successThreshold: 1 }
components:
  - id: api
    name: API health
    probe: { type: http, url: "http://127.0.0.1:${apiPort}/health" }
    conditions: ["[STATUS] == 200"]
  - id: worker
    probe: { type: http, url: "http://127.0.0.1:${refusedPort}/health" }
    conditions: ["[STATUS] == 200"]
tests:
  suites:
    - { id: unit }
    - { id: validation, critical: true }
criteria:
  - id: api-up
    title: API answers 200
    owner: infra
    auto: { components: [api], conditions: ["[STATUS] == 200"], window: 1 }
  - id: validation-80
    title: Validation suite reaches 80%
    owner: dev
    auto: { suite: validation, conditions: ["[PASS_RATE] >= 80"] }
  - id: golden-path
    title: Golden path works end to end
    owner: dev
    signoff: true
phases:
  - { id: repair, name: Repair, owner: infra, estimate: 1h..2h }
  - { id: handback, name: Handback, owner: dev, estimate: 0h..1h, exitCriteria: [validation-80, golden-path] }
access: { publicRead: false }
lab: { enabled: false }
handback: { watch: 2s }
`;
}

/** What a test file gets back from startApiHarness. */
export interface ApiHarness {
  target: HttpTarget;
  stop(): Promise<void>;
}

/** Writes the config (plus `extraYaml`, e.g. a notify section), stubs env, boots; `api` answers 503 until `target.setMode("ok")`. */
export async function startApiHarness(extraYaml = ""): Promise<ApiHarness> {
  const target = await startHttpTarget();
  target.setMode("error");
  const dir = await mkdtemp(path.join(os.tmpdir(), "handback-api-"));
  const text = incidentYaml(target.port, await findRefusedPort()) + extraYaml;
  parseValidConfig(text); // boot() would exit(2)
  await writeFile(path.join(dir, "incident.yaml"), text);
  vi.stubEnv("HANDBACK_CONFIG", path.join(dir, "incident.yaml"));
  vi.stubEnv("HANDBACK_DATA_DIR", await seedPgliteDir(path.join(dir, "data")));
  vi.stubEnv("DATABASE_URL", undefined);
  vi.stubEnv("HANDBACK_SESSION_SECRET", undefined);
  vi.stubEnv("HANDBACK_TOKENS", (Object.keys(SECRETS) as Role[]).map((role) => `${NAMES[role]}:${role}:${SECRETS[role]}`).join(","));
  vi.stubEnv("HANDBACK_SCHEDULER", "off");
  vi.stubEnv("HANDBACK_LOG", "silent");
  await boot();
  if (!getEngine() || !getWorkflow()) throw new Error("boot() did not start the engine and workflow");
  return {
    target,
    async stop() {
      await getNotifier()?.stop();
      getWorkflow()?.stop();
      await getEngine()?.stop();
      await (await getDb()).close();
      await target.close();
      vi.unstubAllEnvs();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A route handler of any shape; `never` accepts every context type the routes declare. */
export type Handler = (request: NextRequest, context: never) => Response | Promise<Response>;

/** One request to a handler. */
export interface CallOptions {
  method?: string;
  path: string;
  as?: Role | "bad" | null;
  body?: string | object;
  headers?: Record<string, string>;
  params?: Record<string, string | string[]>;
  /** The client's address, as the HTTP server would stamp it; by default each call comes from its own. */
  peer?: string;
}

let calls = 0;

/** Calls a route handler in-process with a NextRequest, as Next would. */
export async function call(handler: Handler, options: CallOptions): Promise<Response> {
  const headers: Record<string, string> = { ...options.headers };
  // One address per call, so that the failure limiter (10 wrong tokens per client) never spans tests.
  stampPeer(headers, options.peer ?? `2001:db8::${(calls += 1).toString(16)}`);
  if (options.as) headers.authorization = `Bearer ${options.as === "bad" ? BAD_SECRET : SECRETS[options.as]}`;
  let body: string | undefined;
  if (typeof options.body === "string") body = options.body;
  else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers["content-type"] ??= "application/json";
  }
  const request = new NextRequest(`${BASE_URL}${options.path}`, { method: options.method ?? "GET", headers, body });
  return handler(request, { params: Promise.resolve(options.params ?? {}) } as never);
}

/** Calls a handler and parses its JSON body, asserting the status first. */
export async function callJson<T = Record<string, unknown>>(handler: Handler, options: CallOptions, status = 200): Promise<T> {
  const response = await call(handler, options);
  const text = await response.text();
  expect(response.status, text).toBe(status);
  return JSON.parse(text) as T;
}

/** An API error's body: code, message and any details the route adds. */
export type ApiError = { code: string; message: string } & Record<string, unknown>;

/** Asserts `{"error":{"code","message"}}` with the status and code, no token secret and no stack; returns the error. */
export async function expectError(response: Response, status: number, code: string): Promise<ApiError> {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  for (const secret of [...Object.values(SECRETS), BAD_SECRET]) expect(text).not.toContain(secret);
  expect(text).not.toMatch(/\n\s+at |\(\/.+:\d+:\d+\)|node_modules|\.ts:\d+/);
  const body = JSON.parse(text) as { error: ApiError };
  expect(Object.keys(body)).toEqual(["error"]);
  expect(body.error).toMatchObject({ code, message: expect.any(String) });
  expect(body.error.message.length).toBeGreaterThan(0);
  return body.error;
}
