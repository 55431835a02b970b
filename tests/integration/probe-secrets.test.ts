import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHttpTarget, startTcpBlackhole, type HttpRouteRequest, type HttpTarget, type TcpBlackhole } from "@/lib/lab";
import { MAX_BODY_BYTES, MAX_MESSAGE_CHARS, MAX_OUTPUT_BYTES, runProbe, scrubResult, secretsOf, type ProbeResult } from "@/lib/probes";

// Secrets never leave the server (docs/architecture.md "Secrets"): URL passwords, header values and command env values appear
// in no result, whatever the target echoes back.
const URL_PASSWORD = "p@ss/w0rd-Z9";
const ENCODED_PASSWORD = encodeURIComponent(URL_PASSWORD);
const HEADER_VALUE = "Bearer tok-5be1c0ffee";
const ENV_VALUE = "env-secret-7d1e";
// A secret that a cap cuts in half: its first bytes must not survive either (issue 10, bug 14).
const CUT_SECRET = "cut-secret-51f0a9e2";
const CUT_PREFIX = CUT_SECRET.slice(0, 5);

const expectClean = (result: ProbeResult, ...secrets: string[]) => {
  const text = JSON.stringify(result);
  for (const secret of secrets) expect(text).not.toContain(secret);
};

describe("secrets in probe results", () => {
  let echo: HttpTarget;
  let silent: TcpBlackhole;
  beforeAll(async () => {
    // A target that echoes the request back, as debugging endpoints do.
    echo = await startHttpTarget({
      routes: {
        "/echo": (request: HttpRouteRequest) => ({ headers: request.headers, path: request.path }),
        // The secret starts 5 bytes before BODY's cap (`{"padding":"` takes 12 bytes).
        "/straddle": { padding: `${"x".repeat(MAX_BODY_BYTES - 12 - 5)}${CUT_SECRET}` },
      },
    });
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

  it("a secret straddling BODY's cap leaves no prefix behind: scrubbed first, cut after", async () => {
    const result = await runProbe(
      { type: "http", url: echo.url("/straddle"), method: "GET", headers: { "X-Api-Key": CUT_SECRET }, followRedirects: false },
      { timeoutMs: 2_000 },
    );
    const body = String(result.observations.BODY);
    expect(result.observations.BODY_TRUNCATED).toBe(true);
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(MAX_BODY_BYTES);
    expect(body).not.toContain(CUT_PREFIX);
    expect(body.slice(-8)).toContain("***");
  });

  // stderr follows "exited with code 2: " (20 characters) in the message.
  const stderrAt = (offset: number) => `head -c ${offset} /dev/zero | tr '\\0' x >&2; echo "$TOKEN" >&2; exit 2`;
  it.each<[string, string, (result: ProbeResult) => string]>([
    ["OUTPUT's cap", `head -c ${MAX_OUTPUT_BYTES - 5} /dev/zero | tr '\\0' x; echo "$TOKEN"`, (result) => String(result.observations.OUTPUT)],
    ["300 characters of stderr (where the message was cut before)", stderrAt(295), (result) => result.error?.message ?? ""],
    ["the message's cap", stderrAt(MAX_MESSAGE_CHARS - 20 - 5), (result) => result.error?.message ?? ""],
  ])("a command's secret straddling %s leaves no prefix behind", async (_, script, read) => {
    const result = await runProbe({ type: "command", command: ["sh", "-c", script], env: { TOKEN: CUT_SECRET } }, { timeoutMs: 3_000 });
    const text = read(result);
    expect(text.length).toBeGreaterThan(100);
    expect(text).not.toContain(CUT_PREFIX);
  });
});
