import http from "node:http";
import type net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IncidentConfig } from "@/lib/config";
import { listResults, openDb, type Db } from "@/lib/db";
import { startEngine } from "@/lib/engine/engine";
import { keptHeaders } from "@/lib/engine/kept-headers";
import { createLocalBus } from "@/lib/events/bus";
import { runProbe } from "@/lib/probes";
import { parseValidConfig } from "../support/config-text";
import { httpGet } from "../support/probes";
import { createPgliteTarget, type DbTarget } from "../support/db-targets";

// What an http probe keeps of the response headers, what follows a redirect, and where a redirect may go.

const get = httpGet;

interface Target {
  url: (path: string) => string;
  /** The request headers of the last request to /seen. */
  seen: () => http.IncomingHttpHeaders | null;
  close: () => void;
}

/** A loopback server: /cookie sets a session, /redirect?to=URL redirects, /seen records the request headers. */
function startTarget(): Promise<Target> {
  let seen: http.IncomingHttpHeaders | null = null;
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://target");
    if (url.pathname === "/redirect") return void response.writeHead(302, { location: url.searchParams.get("to") ?? "/" }).end();
    if (url.pathname === "/seen") seen = request.headers;
    const headers = { "content-type": "application/json", "x-request-id": "req-1", "set-cookie": ["session=sess-4f1c2b9a; HttpOnly", "theme=dark"] };
    response.writeHead(200, headers).end('{"ok":true}');
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      resolve({ url: (path) => `http://127.0.0.1:${port}${path}`, seen: () => seen, close: () => server.close() });
    }),
  );
}

const CONFIGURED = { Authorization: "Bearer tok-a1b2c3d4", Cookie: "sid=c00k1e-value", "X-Api-Key": "key-9e8d7c6b", "X-Tenant": "tenant-7", Accept: "application/json" };

let origin: Target;
let other: Target;
beforeAll(async () => {
  origin = await startTarget();
  other = await startTarget();
});
afterAll(() => {
  origin.close();
  other.close();
});

describe("response headers", () => {
  it("keeps only the headers asked for, and never Set-Cookie even when asked", async () => {
    const result = await runProbe(get(origin.url("/cookie")), { timeoutMs: 1_000, keepHeaders: ["Content-Type", "set-cookie"] });
    expect(result.observations.HEADER).toEqual({ "content-type": "application/json" });
    expect(JSON.stringify(result)).not.toContain("sess-4f1c2b9a");
  });

  it("masks the values of credential headers, not those of plain ones such as Accept", async () => {
    const headers = { Accept: "application/json", "X-Api-Key": "req-1" };
    const result = await runProbe(get(origin.url("/cookie"), { headers }), { timeoutMs: 1_000, keepHeaders: ["content-type", "x-request-id"] });
    expect(result.observations.HEADER).toEqual({ "content-type": "application/json", "x-request-id": "***" });
  });

  it("keeps none when nothing is asked for", async () => {
    const result = await runProbe(get(origin.url("/cookie")), { timeoutMs: 1_000 });
    expect(result.observations.HEADER).toEqual({});
  });

  it("keeps those the component's conditions and degradedWhen, and its criteria's conditions, read", () => {
    const config = parseValidConfig(headersConfig("http://127.0.0.1:1/cookie"));
    expect(keptHeaders(config.components[0]!, config.criteria)).toEqual(["content-type", "retry-after", "x-request-id"]);
    expect(keptHeaders(config.components[0]!)).toEqual(["content-type", "retry-after"]);
  });
});

describe("redirects", () => {
  it("keep every configured header on the same origin", async () => {
    await runProbe(get(origin.url(`/redirect?to=/seen`), { headers: CONFIGURED, followRedirects: true }), { timeoutMs: 1_000 });
    expect(origin.seen()).toMatchObject({ authorization: CONFIGURED.Authorization, cookie: CONFIGURED.Cookie, "x-api-key": CONFIGURED["X-Api-Key"], "x-tenant": "tenant-7" });
  });

  it("drop credential and custom headers on the way to another origin; Accept and User-Agent follow", async () => {
    const to = encodeURIComponent(other.url("/seen"));
    const result = await runProbe(get(origin.url(`/redirect?to=${to}`), { headers: CONFIGURED, followRedirects: true }), { timeoutMs: 1_000 });
    expect(result.observations.STATUS).toBe(200);
    const seen = other.seen() ?? {};
    expect(seen).toMatchObject({ accept: "application/json", "user-agent": "handback-probe" });
    for (const name of ["authorization", "cookie", "x-api-key", "x-tenant"]) expect(seen).not.toHaveProperty(name);
  });

  it.each(["file:///etc/passwd", "ftp://127.0.0.1/pub", "javascript:alert(1)", "data:text/plain,hello", "gopher://127.0.0.1/", "ws://127.0.0.1/"])(
    "to %s is refused with HTTP_PROTOCOL",
    async (location) => {
      const result = await runProbe(get(origin.url(`/redirect?to=${encodeURIComponent(location)}`), { followRedirects: true }), { timeoutMs: 1_000 });
      expect(result).toMatchObject({ ok: false, error: { code: "HTTP_PROTOCOL" } });
      expect(result.error?.message).toContain(`not ${new URL(location).protocol}`);
    },
  );
});

/** A config whose http component reads two headers and whose criterion reads a third. */
function headersConfig(url: string): string {
  return `incident: { id: H-1, title: Headers, severity: P1, startedAt: 2025-01-01T00:00:00Z }
teams: [{ id: infra }]
defaults: { timeout: 1s, failureThreshold: 1 }
components:
  - id: api
    probe: { type: http, url: "${url}" }
    conditions: ["[HEADER].Content-Type == application/json"]
    degradedWhen: ["has([HEADER].retry-after) == true"]
criteria:
  - { id: traced, title: Requests are traced, owner: infra, auto: { components: [api], conditions: ["[HEADER].x-request-id != none"] } }
`;
}

describe("the engine", () => {
  let target: DbTarget;
  let db: Db;
  beforeAll(async () => {
    target = await createPgliteTarget();
    db = await openDb(target.options);
  }, 60_000);
  afterAll(async () => {
    await db?.close();
    await target?.cleanup();
  });

  it("stores and returns only the headers conditions read, never the target's Set-Cookie", async () => {
    const config: IncidentConfig = parseValidConfig(headersConfig(origin.url("/cookie")));
    const engine = await startEngine({ config, db, bus: createLocalBus(), concurrency: 1, manual: true });
    const [outcome] = await engine.runNow();
    await engine.stop();
    expect(outcome?.status).toBe("operational");
    expect(outcome?.result.observations.HEADER).toEqual({ "content-type": "application/json", "x-request-id": "req-1" });
    const [stored] = await listResults(db, "H-1", "api");
    expect(stored?.observations).toMatchObject({ HEADER: { "content-type": "application/json", "x-request-id": "req-1" } });
    expect(JSON.stringify(stored)).not.toContain("sess-4f1c2b9a");
  });
});
