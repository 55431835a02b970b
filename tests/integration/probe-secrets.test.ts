import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHttpTarget, startTcpBlackhole, type HttpRouteRequest, type HttpTarget, type TcpBlackhole } from "@/lib/lab";
import { runProbe, scrubResult, secretsOf, type ProbeResult } from "@/lib/probes";

// Secrets never leave the server (PRODUCT.md): URL passwords, header values and command env values appear
// in no result, whatever the target echoes back.
const URL_PASSWORD = "p@ss/w0rd-Z9";
const ENCODED_PASSWORD = encodeURIComponent(URL_PASSWORD);
const HEADER_VALUE = "Bearer tok-5be1c0ffee";
const ENV_VALUE = "env-secret-7d1e";

const expectClean = (result: ProbeResult, ...secrets: string[]) => {
  const text = JSON.stringify(result);
  for (const secret of secrets) expect(text).not.toContain(secret);
};

describe("secrets in probe results", () => {
  let echo: HttpTarget;
  let silent: TcpBlackhole;
  beforeAll(async () => {
    // A target that echoes the request back, as debugging endpoints do.
    echo = await startHttpTarget({ routes: { "/echo": (request: HttpRouteRequest) => ({ headers: request.headers, path: request.path }) } });
    silent = await startTcpBlackhole();
  });
  afterAll(async () => {
    await echo.close();
    await silent.close();
  });

  it("lists URL passwords (raw and decoded), credential query values, header values and env values", () => {
    expect(secretsOf({ type: "postgres", url: `postgres://u:${ENCODED_PASSWORD}@db:5432/x?sslpassword=ssl-key-1`, query: "SELECT 1" }))
      .toEqual(expect.arrayContaining([ENCODED_PASSWORD, URL_PASSWORD, "ssl-key-1"]));
    expect(secretsOf({ type: "http", url: "http://x/", method: "GET", headers: { authorization: HEADER_VALUE }, followRedirects: false }))
      .toEqual([HEADER_VALUE]);
    expect(secretsOf({ type: "command", command: ["true"], env: { TOKEN: ENV_VALUE, DEBUG: "1" } })).toEqual([ENV_VALUE]);
    expect(secretsOf({ type: "tcp", host: "x", port: 1 })).toEqual([]);
  });

  it("scrubs error messages, string observations and header maps", () => {
    const result: ProbeResult = {
      ok: false, latencyMs: 1, checkedAt: "2025-09-16T08:00:00.000Z",
      error: { code: "NETWORK_ERROR", message: `failed for ${URL_PASSWORD}` },
      observations: { BODY: `x${URL_PASSWORD}y`, HEADER: { echo: URL_PASSWORD }, STATUS: 200 },
    };
    const scrubbed = scrubResult(result, [URL_PASSWORD]);
    expectClean(scrubbed, URL_PASSWORD);
    expect(scrubbed.observations).toMatchObject({ BODY: "x***y", HEADER: { echo: "***" }, STATUS: 200 });
    expect(scrubbed.error?.message).toBe("failed for ***");
  });

  it("an http target echoing the Authorization header and the URL password shows neither", async () => {
    const url = echo.url("/echo").replace("http://", `http://probe:${ENCODED_PASSWORD}@`);
    const result = await runProbe(
      { type: "http", url, method: "GET", headers: { Authorization: HEADER_VALUE }, followRedirects: false },
      { timeoutMs: 1_000 },
    );
    expect(result.observations.STATUS).toBe(200);
    expect(String(result.observations.BODY)).toContain("***");
    expectClean(result, HEADER_VALUE, URL_PASSWORD, ENCODED_PASSWORD, Buffer.from(`probe:${URL_PASSWORD}`).toString("base64"));
  });

  it("an http target echoing the Basic credentials derived from the URL shows neither them nor the password", async () => {
    const url = echo.url("/echo").replace("http://", `http://probe:${ENCODED_PASSWORD}@`);
    const result = await runProbe({ type: "http", url, method: "GET", headers: {}, followRedirects: false }, { timeoutMs: 1_000 });
    expect(String(result.observations.BODY)).toContain("Basic ***");
    expectClean(result, URL_PASSWORD, ENCODED_PASSWORD, Buffer.from(`probe:${URL_PASSWORD}`).toString("base64"));
  });

  it("a command that prints its env value, on stdout and in its failure message, shows neither", async () => {
    const script = 'echo "token=$TOKEN"; echo "bad token $TOKEN" >&2; exit 2';
    const result = await runProbe({ type: "command", command: ["sh", "-c", script], env: { TOKEN: ENV_VALUE } }, { timeoutMs: 2_000 });
    expect(result).toMatchObject({ error: { code: "EXIT_CODE" }, observations: { OUTPUT: "token=***", EXIT_CODE: 2 } });
    expectClean(result, ENV_VALUE);
  });

  it("timeouts and connection errors for URLs with passwords show no password", async () => {
    for (const type of ["postgres", "redis"] as const) {
      const scheme = type === "postgres" ? "postgres" : "redis";
      const url = `${scheme}://probe:${ENCODED_PASSWORD}@127.0.0.1:${silent.port}/0`;
      const probe = type === "postgres" ? { type, url, query: "SELECT 1" } : { type, url };
      const result = await runProbe(probe, { timeoutMs: 300 });
      expect(result.error?.code).toBe("TIMEOUT");
      expectClean(result, URL_PASSWORD, ENCODED_PASSWORD);
    }
  });
});
