import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as events from "@/app/api/events/route";
import * as session from "@/app/api/session/route";
import * as status from "@/app/api/status/route";
import { isSessionRevoked } from "@/lib/db";
import { getDb } from "@/lib/runtime";
import { call, expectError, SECRETS, startApiHarness, type ApiHarness, type Handler } from "../support/api-harness";

// Sign-out on the server (issue 10): DELETE /api/session revokes the session in storage, so a copy of the
// signed-out cookie is refused (401) everywhere, and the session's open event stream ends.

let harness: ApiHarness;
beforeAll(async () => (harness = await startApiHarness()));
afterAll(async () => harness?.stop());

async function signIn(): Promise<string> {
  const response = await call(session.POST as Handler, { method: "POST", path: "/api/session", body: { token: SECRETS.dev } });
  expect(response.status).toBe(200);
  return (response.headers.get("set-cookie") ?? "").split(";")[0]!;
}

/** Reads a body to its end; rejects when it is still open after `ms`. */
async function readToEnd(body: ReadableStream<Uint8Array>, ms: number): Promise<void> {
  const reader = body.getReader();
  const deadline = Date.now() + ms;
  for (;;) {
    const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`still open after ${ms} ms`)), Math.max(0, deadline - Date.now())));
    if ((await Promise.race([reader.read(), timeout])).done) return;
  }
}

describe("DELETE /api/session", () => {
  it("revokes the session: its stream ends and the replayed cookie gets 401", async () => {
    const cookie = await signIn();
    const stream = await call(events.GET as Handler, { path: "/api/events", headers: { cookie } });
    expect(stream.status).toBe(200);
    expect((await call(status.GET as Handler, { path: "/api/status", headers: { cookie } })).status).toBe(200);

    const out = await call(session.DELETE as Handler, { method: "DELETE", path: "/api/session", headers: { cookie } });
    expect(out.status).toBe(204);
    expect(out.headers.get("set-cookie")).toMatch(/^hb_session=; Path=\/; Max-Age=0/);
    await readToEnd(stream.body!, 5_000);

    for (const [handler, path] of [
      [status.GET, "/api/status"],
      [events.GET, "/api/events"],
      [session.GET, "/api/session"],
    ] as const) {
      const error = await expectError(await call(handler as Handler, { path, headers: { cookie } }), 401, "UNAUTHORIZED");
      expect(error.message).toMatch(/signed out/);
    }
  });

  it("stores the sign-out, so an instance that did not see it refuses the cookie too", async () => {
    const cookie = await signIn();
    const sid = JSON.parse(Buffer.from(cookie.split("=")[1]!.split(".")[0]!, "base64url").toString("utf8")).sid as string;
    expect(await isSessionRevoked(await getDb(), sid)).toBe(false);
    await call(session.DELETE as Handler, { method: "DELETE", path: "/api/session", headers: { cookie } });
    expect(await isSessionRevoked(await getDb(), sid)).toBe(true);
    // Forget this process's memory of sign-outs, as another instance would have none.
    delete (globalThis as Record<symbol, unknown>)[Symbol.for("handback.revoked-sessions")];
    await expectError(await call(status.GET as Handler, { path: "/api/status", headers: { cookie } }), 401, "UNAUTHORIZED");
  });

  it("leaves other sessions of the same token signed in", async () => {
    const [kept, ended] = [await signIn(), await signIn()];
    await call(session.DELETE as Handler, { method: "DELETE", path: "/api/session", headers: { cookie: ended } });
    expect((await call(status.GET as Handler, { path: "/api/status", headers: { cookie: kept } })).status).toBe(200);
  });
});
