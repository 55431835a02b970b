import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { startInstance, type Instance } from "../support/instances";

// SIGTERM to a `next start` server with NEXT_MANUAL_SIG_HANDLE (as `npm start` runs it): the probe in
// flight finishes and is stored, the embedded store closes cleanly, and the process exits 0. A second
// server on the same data dir then holds exactly one result per request the target answered.
const BASE_PORT = Number(process.env.E2E_PORT ?? 3100) + 30;
const SLOW_MS = 1_500;

/** Answers /fast at once and /slow after SLOW_MS; counts answers per path and knows what is in flight. */
async function startTarget() {
  const answered = new Map<string, number>();
  let slowInFlight = 0;
  let slowStartedAt = 0;
  const server = http.createServer((request, response) => {
    const pathname = (request.url ?? "/").split("?")[0]!;
    const answer = () => {
      answered.set(pathname, (answered.get(pathname) ?? 0) + 1);
      response.writeHead(200, { "content-type": "text/plain" }).end("ok");
    };
    if (pathname !== "/slow") return answer();
    slowInFlight += 1;
    slowStartedAt = Date.now();
    setTimeout(() => {
      slowInFlight -= 1;
      answer();
    }, SLOW_MS);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    answered: (pathname: string) => answered.get(pathname) ?? 0,
    slowInFlight: () => slowInFlight,
    /** How long ago the newest /slow request arrived. */
    slowAge: () => Date.now() - slowStartedAt,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

const configText = (port: number) => `incident: { id: STOP-1, title: Shutdown test, severity: P1, startedAt: 2025-01-01T00:00:00Z }
teams: [{ id: infra }]
defaults: { interval: 1s, timeout: 5s, failureThreshold: 1, successThreshold: 1 }
components:
  - { id: fast, probe: { type: http, url: "http://127.0.0.1:${port}/fast" }, conditions: ["[STATUS] == 200"] }
  - { id: slow, probe: { type: http, url: "http://127.0.0.1:${port}/slow" }, conditions: ["[STATUS] == 200"] }
`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(what: string, check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(25);
  }
}

async function storedResults(url: string, id: string): Promise<{ status: string }[]> {
  const response = await fetch(`${url}/api/components/${id}/results?limit=500`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { results: { status: string }[] }).results;
}

test.describe.serial("graceful stop on SIGTERM", () => {
  test.setTimeout(120_000);
  let target: Awaited<ReturnType<typeof startTarget>>;
  let dir: string;
  let server: Instance | undefined;

  test.beforeAll(async () => {
    target = await startTarget();
    dir = mkdtempSync(path.join(os.tmpdir(), "handback-stop-"));
    writeFileSync(path.join(dir, "incident.yaml"), configText(target.port));
  });

  test.afterAll(async () => {
    await server?.stop();
    await target?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test("stores the probe in flight, closes the embedded store, exits 0; nothing is lost", async () => {
    const env = { HANDBACK_CONFIG: path.join(dir, "incident.yaml"), HANDBACK_DATA_DIR: path.join(dir, "data"), NEXT_MANUAL_SIG_HANDLE: "true" };
    const first = await startInstance({ port: BASE_PORT, env });
    server = first;
    await waitFor("two slow answers", () => target.answered("/slow") >= 2, 30_000);
    // A slow probe that has just started: over a second of it is left when the signal lands.
    await waitFor("a slow probe just started", () => target.slowInFlight() > 0 && target.slowAge() < 200, 10_000);

    const stopAt = Date.now();
    const stopping = first.stop();
    // While it stops, readiness says so: a load balancer takes the instance out before it goes.
    let ready: { status: number; body: string } | undefined;
    while (!ready || ready.status === 200) {
      if (Date.now() - stopAt > 3_000) break;
      const response = await fetch(`${first.url}/api/ready`).catch(() => null);
      ready = response ? { status: response.status, body: await response.text() } : ready;
    }
    expect(ready?.status).toBe(503);
    expect(ready?.body).toContain("shutting down");
    const code = await stopping;
    const stopMs = Date.now() - stopAt;
    server = undefined;
    expect(code, first.output()).toBe(0);
    expect(first.output()).toContain("shutdown: SIGTERM received");
    expect(first.output()).toContain("shutdown: stopped cleanly");
    // The slow probe was waited for (up to the grace period), not cut off.
    expect(stopMs).toBeGreaterThan(100);
    expect(stopMs).toBeLessThan(8_000);
    expect(target.slowInFlight()).toBe(0);

    // A second server on the same data dir, not probing: the store opens and holds every answered check.
    const second = await startInstance({ port: BASE_PORT + 1, env: { ...env, HANDBACK_SCHEDULER: "off" } });
    server = second;
    const slow = await storedResults(second.url, "slow");
    const fast = await storedResults(second.url, "fast");
    expect(slow.length).toBe(target.answered("/slow"));
    expect(fast.length).toBe(target.answered("/fast"));
    expect([...slow, ...fast].every((result) => result.status === "operational")).toBe(true);
  });
});
