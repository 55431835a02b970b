import http from "node:http";
import type net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findRefusedPort, startHttpTarget, type HttpRouteRequest, type HttpTarget } from "@/lib/lab";
import { MAX_BODY_BYTES, runProbe } from "@/lib/probes";
import { expectDeadline, httpGet } from "@/tests/support/probes";

const get = httpGet;

/** A throwaway server for what the lab does not do: huge bodies, redirects, echoing the method. */
function startExtras(): Promise<{ url: (path: string) => string; close: () => void }> {
  const server = http.createServer((request, response) => {
    const path = request.url ?? "/";
    if (path === "/huge") {
      response.writeHead(200, { "content-type": "text/plain" });
      const chunk = Buffer.alloc(64 * 1024, "a");
      for (let i = 0; i < 48; i += 1) response.write(chunk); // 3 MB
      return void response.end();
    }
    if (path === "/exact") return void response.end(Buffer.alloc(MAX_BODY_BYTES, "b"));
    if (path === "/hop") return void response.writeHead(302, { location: "/method" }).end();
    if (path === "/see-other") return void response.writeHead(303, { location: "/method" }).end();
    if (path === "/loop") return void response.writeHead(302, { location: "/loop" }).end();
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString()));
    request.on("end", () => response.end(JSON.stringify({ method: request.method, bodyLength: body.length })));
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      resolve({ url: (path) => `http://127.0.0.1:${port}${path}`, close: () => server.close() });
    }),
  );
}

describe("http probe", () => {
  let lab: HttpTarget;
  let extras: Awaited<ReturnType<typeof startExtras>>;
  beforeAll(async () => {
    lab = await startHttpTarget({
      routes: { "/health": { status: "healthy" }, "/auth": (request: HttpRouteRequest) => ({ keyAccepted: request.headers["x-api-key"] === "k-9f8e7d6c" }) },
    });
    extras = await startExtras();
  });
  afterAll(async () => {
    extras.close();
    await lab.close();
  });

  it("measures a healthy endpoint: STATUS, BODY, HEADER, CONNECTED, RESPONSE_TIME and phases", async () => {
    const result = await runProbe(get(lab.url("/health")), { timeoutMs: 1_000, keepHeaders: ["Content-Type"] });
    expect(result).toMatchObject({ ok: true, observations: { STATUS: 200, CONNECTED: true, BODY: '{"status":"healthy"}', BODY_TRUNCATED: false } });
    expect(result.error).toBeUndefined();
    expect((result.observations.HEADER as Record<string, string>)["content-type"]).toBe("application/json");
    expect(result.observations.RESPONSE_TIME).toBeTypeOf("number");
    expect(result.phases).toMatchObject({ connect: expect.any(Number), firstByte: expect.any(Number), total: result.latencyMs });
  });

  it("times the dns phase for a hostname", async () => {
    const result = await runProbe(get(lab.url("/health").replace("127.0.0.1", "localhost")), { timeoutMs: 1_000 });
    expect(result.ok).toBe(true);
    expect(result.phases?.dns).toBeTypeOf("number");
  });

  it("treats a 503 as a measurement: ok, STATUS 503, informational HTTP_STATUS", async () => {
    lab.setMode("error", { path: "/health", status: 503 });
    const result = await runProbe(get(lab.url("/health")), { timeoutMs: 1_000 });
    lab.setMode("ok");
    expect(result).toMatchObject({ ok: true, error: { code: "HTTP_STATUS", message: "HTTP 503" }, observations: { STATUS: 503 } });
  });

  it("returns TIMEOUT by the deadline when the server never answers, CONNECTED still true", async () => {
    lab.setMode("hang");
    const result = await expectDeadline("http hang", get(lab.url("/health")), 500);
    lab.setMode("ok");
    expect(result.observations.CONNECTED).toBe(true);
    expect(result.observations.STATUS).toBeUndefined();
  });

  it("returns TIMEOUT by the deadline when the body drips one byte at a time", async () => {
    lab.setMode("drip", { intervalMs: 100, bytes: 3_600 });
    const result = await expectDeadline("http drip body", get(lab.url("/health")), 500);
    lab.setMode("ok");
    expect(result.observations.STATUS).toBe(200);
    expect(result.observations.BODY).toBeUndefined();
  });

  it("answers within the timeout for a slow but timely server", async () => {
    lab.setMode("slow", { delayMs: 200 });
    const result = await runProbe(get(lab.url("/health")), { timeoutMs: 1_000 });
    lab.setMode("ok");
    expect(result).toMatchObject({ ok: true, observations: { STATUS: 200 } });
    expect(Number(result.observations.RESPONSE_TIME)).toBeGreaterThanOrEqual(190);
  });

  it("reports ECONNRESET when the server resets the connection", async () => {
    lab.setMode("reset");
    const result = await runProbe(get(lab.url("/health")), { timeoutMs: 1_000 });
    lab.setMode("ok");
    expect(result).toMatchObject({ ok: false, error: { code: "ECONNRESET" } });
  });

  it("reports ECONNREFUSED when nothing listens", async () => {
    const result = await runProbe(get(`http://127.0.0.1:${await findRefusedPort()}/`), { timeoutMs: 1_000 });
    expect(result).toMatchObject({ ok: false, error: { code: "ECONNREFUSED" }, observations: { CONNECTED: false } });
  });

  it("keeps the first 1 MB of a larger body, marks it truncated and stops reading", async () => {
    const result = await runProbe(get(extras.url("/huge")), { timeoutMs: 2_000 });
    expect(result).toMatchObject({ ok: true, error: { code: "BODY_TOO_LARGE" }, observations: { STATUS: 200, BODY_TRUNCATED: true } });
    expect(String(result.observations.BODY)).toHaveLength(MAX_BODY_BYTES);
  });

  it("keeps a body of exactly 1 MB whole", async () => {
    const result = await runProbe(get(extras.url("/exact")), { timeoutMs: 2_000 });
    expect(result).toMatchObject({ ok: true, observations: { BODY_TRUNCATED: false } });
    expect(result.error).toBeUndefined();
    expect(String(result.observations.BODY)).toHaveLength(MAX_BODY_BYTES);
  });

  it("does not follow redirects by default: STATUS 302 and the location header", async () => {
    const result = await runProbe(get(extras.url("/hop")), { timeoutMs: 1_000, keepHeaders: ["location"] });
    expect(result).toMatchObject({ ok: true, observations: { STATUS: 302, HEADER: { location: "/method" } } });
  });

  it("follows redirects when asked; a 303 after POST becomes a GET without body", async () => {
    const followed = await runProbe(get(extras.url("/hop"), { followRedirects: true }), { timeoutMs: 1_000 });
    expect(followed.observations).toMatchObject({ STATUS: 200, BODY: '{"method":"GET","bodyLength":0}' });
    const posted = await runProbe(get(extras.url("/see-other"), { method: "POST", body: "x=1", followRedirects: true }), { timeoutMs: 1_000 });
    expect(posted.observations).toMatchObject({ STATUS: 200, BODY: '{"method":"GET","bodyLength":0}' });
  });

  it("gives up on a redirect loop with HTTP_PROTOCOL", async () => {
    const result = await runProbe(get(extras.url("/loop"), { followRedirects: true }), { timeoutMs: 2_000 });
    expect(result).toMatchObject({ ok: false, error: { code: "HTTP_PROTOCOL" } });
  });

  it("sends the method, body and custom headers, and never shows a header value", async () => {
    const posted = await runProbe(get(extras.url("/method"), { method: "POST", body: "hello" }), { timeoutMs: 1_000 });
    expect(posted.observations.BODY).toBe('{"method":"POST","bodyLength":5}');
    const result = await runProbe(get(lab.url("/auth"), { headers: { "X-Api-Key": "k-9f8e7d6c" } }), { timeoutMs: 1_000 });
    expect(result.observations.BODY).toBe('{"keyAccepted":true}');
    expect(JSON.stringify(result)).not.toContain("k-9f8e7d6c");
  });
});
