import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { NextRequest } from "next/server";
import { afterAll, describe, expect, it, vi } from "vitest";
import { DELETE, GET, POST } from "@/app/api/session/route";
import { safeNextPath } from "@/lib/auth/next-path";
import { stampPeer } from "@/lib/auth/peer";
import { withAuth } from "@/lib/auth/with-auth";

// The real path: env → getRuntime() (the bundled demo config, publicRead true) → getAuth().
const INFRA = "infra-secret-0123456789";
const DEV = "dev-secret-0123456789";
const dataDir = mkdtempSync(path.join(os.tmpdir(), "handback-session-route-"));
vi.stubEnv("HANDBACK_TOKENS", `ci:infra:${INFRA},alice:dev:${DEV},board:viewer:viewer-secret-0123456789`);
vi.stubEnv("HANDBACK_DATA_DIR", dataDir);
vi.stubEnv("HANDBACK_LOG", "silent");
afterAll(() => {
  vi.unstubAllEnvs();
  rmSync(dataDir, { recursive: true, force: true });
});

const URL_BASE = "http://handback.test";

function post(body: string, headers: Record<string, string> = {}) {
  return new NextRequest(`${URL_BASE}/api/session`, { method: "POST", body, headers: { "content-type": "application/json", ...headers } });
}

/** Headers of a request that came in from `address` (the stamp lib/auth/peer.ts writes for a real socket). */
function peer(address: string, headers: Record<string, string> = {}): Record<string, string> {
  const stamped = { ...headers };
  stampPeer(stamped, address);
  return stamped;
}

function cookieOf(response: Response): string {
  return (response.headers.get("set-cookie") ?? "").split(";")[0]!;
}

describe("POST /api/session", () => {
  it("exchanges a token for a session cookie and never returns the token", async () => {
    const response = await POST(post(JSON.stringify({ token: INFRA }), peer("192.0.2.1")));
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ name: "ci", role: "infra" });
    const setCookie = response.headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(/^hb_session=[\w-]+\.[\w-]+; Path=\/; .*Max-Age=43200; HttpOnly; SameSite=strict$/i);
    expect(setCookie).not.toMatch(/secure/i);
    expect(`${text}${setCookie}`).not.toContain(INFRA);

    const me = await GET(new NextRequest(`${URL_BASE}/api/session`, { headers: { cookie: cookieOf(response) } }));
    expect(me.status).toBe(200);
    expect(await me.json()).toEqual({ name: "ci", role: "infra" });
  });

  it("marks the cookie Secure behind an https proxy", async () => {
    const response = await POST(post(JSON.stringify({ token: DEV }), peer("192.0.2.2", { "x-forwarded-proto": "https" })));
    expect(response.headers.get("set-cookie")).toMatch(/; Secure/);
  });

  it.each([
    ["not JSON", "token=abc"],
    ["no token", "{}"],
    ["an extra field", JSON.stringify({ token: INFRA, role: "dev" })],
  ])("400 for %s", async (_label, body) => {
    const response = await POST(post(body, peer("192.0.2.3")));
    expect(response.status).toBe(400);
    expect(await response.text()).not.toContain(INFRA);
  });

  it("401 with a Bearer challenge for a bad token", async () => {
    const response = await POST(post(JSON.stringify({ token: "wrong-token-0123456789" }), peer("192.0.2.4")));
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect(await response.json()).toEqual({ error: { code: "UNAUTHORIZED", message: "invalid token" } });
  });

  it("429 with Retry-After after 10 failures from one client, even for a good token; other clients unaffected", async () => {
    const from = peer("198.51.100.9", { "x-forwarded-for": "203.0.113.1" });
    for (let i = 0; i < 10; i += 1) expect((await POST(post(JSON.stringify({ token: `wrong-${i}` }), from))).status).toBe(401);
    const limited = await POST(post(JSON.stringify({ token: INFRA }), from));
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await limited.json()).error.code).toBe("RATE_LIMITED");
    const otherForwardedFor = peer("198.51.100.9", { "x-forwarded-for": "203.0.113.2" }); // no proxy is trusted
    expect((await POST(post(JSON.stringify({ token: INFRA }), otherForwardedFor))).status).toBe(429);
    expect((await POST(post(JSON.stringify({ token: INFRA }), peer("198.51.100.10")))).status).toBe(200);
  });

  it("403 CSRF for a browser sign-in from another origin", async () => {
    const response = await POST(post(JSON.stringify({ token: INFRA }), peer("192.0.2.5", { origin: "https://evil.example" })));
    expect(response.status).toBe(403);
    expect((await response.json()).error.code).toBe("CSRF");
  });

  it.each([
    ["/handback?tab=criteria", "/handback?tab=criteria"],
    ["//evil.example/", "/"],
  ])("a form post redirects to next=%s → %s", async (next, location) => {
    const body = new URLSearchParams({ token: DEV, next }).toString();
    const response = await POST(post(body, peer("192.0.2.6", { "content-type": "application/x-www-form-urlencoded", origin: URL_BASE })));
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(location);
    expect(response.headers.get("set-cookie")).toMatch(/^hb_session=/);
  });

  it("a failed form post goes back to the sign-in page with the error code", async () => {
    const body = new URLSearchParams({ token: "wrong-token-0123456789", next: "/timeline" }).toString();
    const response = await POST(post(body, peer("192.0.2.7", { "content-type": "application/x-www-form-urlencoded" })));
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/sign-in?error=UNAUTHORIZED&next=%2Ftimeline");
  });
});

describe("GET and DELETE /api/session", () => {
  it("GET is 401 without a session", async () => {
    const response = await GET(new NextRequest(`${URL_BASE}/api/session`));
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/);
  });

  it("DELETE clears the cookie", async () => {
    const response = await DELETE(new NextRequest(`${URL_BASE}/api/session`, { method: "DELETE" }));
    expect(response.status).toBe(204);
    expect(response.headers.get("set-cookie")).toMatch(/^hb_session=; Path=\/; Max-Age=0/);
  });
});

describe("withAuth", () => {
  const route = withAuth(
    async (_request: Request, context: { params: Promise<{ owner: string }> }) => ({ owner: (await context.params).owner }),
    (_request, principal) => Response.json({ actor: principal.name }),
  );
  const call = (owner: string, headers: Record<string, string>) =>
    route(new Request(`${URL_BASE}/api/criteria/x/signoff`, { method: "POST", headers }), { params: Promise.resolve({ owner }) });

  it("passes the principal to the handler", async () => {
    const response = await call("dev", { authorization: `Bearer ${DEV}` });
    expect(await response.json()).toEqual({ actor: "alice" });
  });

  it("maps refusals to JSON errors", async () => {
    const forbidden = await call("infra", { authorization: `Bearer ${DEV}` });
    expect(forbidden.status).toBe(403);
    expect((await forbidden.json()).error.message).toMatch(/needs role "infra"/);
    const unauthorized = await call("dev", {});
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.headers.get("www-authenticate")).toMatch(/^Bearer/);
  });

  it("lets anonymous readers through when the config says publicRead", async () => {
    const read = withAuth("reader", (_request, principal) => Response.json({ principal }));
    expect(await (await read(new Request(`${URL_BASE}/api/status`))).json()).toEqual({ principal: null });
  });
});

describe("safeNextPath", () => {
  it.each([
    [undefined, "/"],
    ["", "/"],
    ["/", "/"],
    ["/handback", "/handback"],
    ["/timeline?x=1#y", "/timeline?x=1#y"],
    ["//evil.example", "/"],
    ["/\\evil.example", "/"],
    ["https://evil.example/", "/"],
    ["javascript:alert(1)", "/"],
    ["/\t/evil.example", "/"],
    ["/sign-in", "/"],
    [["/a"], "/"],
  ])("%j → %s", (next, expected) => {
    expect(safeNextPath(next)).toBe(expected);
  });
});
