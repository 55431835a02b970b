import { afterEach, describe, expect, it } from "vitest";
import { startHttpTarget, type HttpTarget, type HttpTargetOptions } from "@/lib/lab";

let target: HttpTarget | undefined;
afterEach(async () => {
  await target?.close();
  target = undefined;
});

async function start(options?: HttpTargetOptions): Promise<HttpTarget> {
  target = await startHttpTarget(options);
  return target;
}

/** Fetches with a hard deadline; resolves with status and JSON body, or with the error's name and cause code. */
async function get(url: string, timeoutMs = 1_000) {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    return { status: response.status, body: (await response.json()) as unknown };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    return { error: (error as Error).name, code: cause?.code };
  }
}

describe("http target", () => {
  it("binds 127.0.0.1 on a free port and answers healthy JSON on every path by default", async () => {
    const lab = await start();
    expect(lab.port).toBeGreaterThan(0);
    expect(lab.url("/health")).toBe(`http://127.0.0.1:${lab.port}/health`);
    expect(await get(lab.url("/health"))).toEqual({ status: 200, body: { status: "healthy" } });
    expect(await get(lab.url("/anything"))).toEqual({ status: 200, body: { status: "healthy" } });
  });

  it("serves routes as JSON bodies or functions of the request, and 404 for other paths", async () => {
    const lab = await start({
      routes: {
        "/health/infrastructure": { database: "ok", redis: "ok" },
        "/v1/instances": (request) => ({
          method: request.method,
          zone: request.query.get("zone"),
        }),
      },
    });
    expect(await get(lab.url("/health/infrastructure"))).toEqual({ status: 200, body: { database: "ok", redis: "ok" } });
    expect(await get(lab.url("/v1/instances?zone=eu"))).toEqual({ status: 200, body: { method: "GET", zone: "eu" } });
    expect(await get(lab.url("/nope"))).toMatchObject({ status: 404 });
  });

  it("answers 503 unhealthy in error mode, or the status asked for", async () => {
    const lab = await start();
    lab.setMode("error");
    expect(await get(lab.url("/health"))).toEqual({ status: 503, body: { status: "unhealthy" } });
    lab.setMode("error", { status: 500 });
    expect(await get(lab.url("/health"))).toEqual({ status: 500, body: { status: "unhealthy" } });
    lab.setMode("ok");
    expect(await get(lab.url("/health"))).toMatchObject({ status: 200 });
  });

  it("accepts and never answers in hang mode, so the client's deadline fires", async () => {
    const lab = await start();
    lab.setMode("hang");
    const started = performance.now();
    expect(await get(lab.url("/health"), 200)).toEqual({ error: "TimeoutError", code: undefined });
    expect(performance.now() - started).toBeLessThan(600);
    expect(lab.requestCount("/health")).toBe(1);
  });

  it("answers after delayMs in slow mode", async () => {
    const lab = await start();
    lab.setMode("slow", { delayMs: 150 });
    const started = performance.now();
    expect(await get(lab.url("/health"))).toEqual({ status: 200, body: { status: "healthy" } });
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    expect(await get(lab.url("/health"), 60)).toMatchObject({ error: "TimeoutError" });
  });

  it("sends headers at once and then drips the body, so only a whole-request deadline catches it", async () => {
    const lab = await start();
    lab.setMode("drip", { intervalMs: 50 });
    const response = await fetch(lab.url("/health"), { signal: AbortSignal.timeout(300) });
    expect(response.status).toBe(200);
    await expect(response.text()).rejects.toMatchObject({ name: "TimeoutError" });
  });

  it("finishes a drip when the body is short", async () => {
    const lab = await start();
    lab.setMode("drip", { intervalMs: 5, bytes: 0 });
    const started = performance.now();
    expect(await get(lab.url("/health"))).toEqual({ status: 200, body: { status: "healthy" } });
    expect(performance.now() - started).toBeGreaterThanOrEqual(20 * 5 - 10);
  });

  it("resets the connection in reset mode", async () => {
    const lab = await start();
    lab.setMode("reset");
    expect(await get(lab.url("/health"))).toEqual({ error: "TypeError", code: "ECONNRESET" });
  });

  it("applies a mode to one path when asked, and a mode without a path resets every path", async () => {
    const lab = await start();
    lab.setMode("error", { path: "/health/infrastructure" });
    expect(await get(lab.url("/health"))).toMatchObject({ status: 200 });
    expect(await get(lab.url("/health/infrastructure"))).toMatchObject({ status: 503 });
    lab.setMode("ok");
    expect(await get(lab.url("/health/infrastructure"))).toMatchObject({ status: 200 });
  });

  it("counts requests per path and in total, whatever the mode", async () => {
    const lab = await start();
    await get(lab.url("/health"));
    await get(lab.url("/health?x=1"));
    lab.setMode("error");
    await get(lab.url("/other"));
    expect(lab.requestCount("/health")).toBe(2);
    expect(lab.requestCount("/other")).toBe(1);
    expect(lab.requestCount("/never")).toBe(0);
    expect(lab.requestCount()).toBe(3);
    lab.resetRequestCounts();
    expect(lab.requestCount()).toBe(0);
  });

  it("destroys hung connections on close, so the client fails at once", async () => {
    const lab = await start();
    lab.setMode("hang");
    const pending = get(lab.url("/health"), 5_000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = performance.now();
    await lab.close();
    target = undefined;
    expect(await pending).toMatchObject({ error: "TypeError" });
    expect(performance.now() - started).toBeLessThan(500);
  });

  it("listens on the port it is given", async () => {
    const first = await startHttpTarget();
    const port = first.port;
    await first.close();
    const lab = await start({ port });
    expect(lab.port).toBe(port);
    expect(await get(lab.url("/"))).toMatchObject({ status: 200 });
  });
});
