import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { digestSecret } from "@/lib/auth/tokens";
import { createLabClient, teamToken } from "@/lib/lab/human-posts";
import { log } from "@/lib/log";

// The scenario's human posts and CI reports: the team's registered token, a POST a person could send, retried while the
// server does not answer yet, skipped (logged once) when the team has no token.

const entry = (name: string, role: string, secret: string) => ({ name, role, digest: digestSecret(secret) });
const RAW = "ops-ann:infra:infra-secret-0000000001,dev-bo:dev:dev-secret-00000000002";
const TOKENS = [entry("ops-ann", "infra", "infra-secret-0000000001"), entry("dev-bo", "dev", "dev-secret-00000000002")];

describe("teamToken", () => {
  it("finds the first registered token of the team's role and its secret", () => {
    expect(teamToken(TOKENS, RAW, "dev")).toEqual({ name: "dev-bo", secret: "dev-secret-00000000002" });
    expect(teamToken(TOKENS, RAW, "leadership")).toBeNull();
  });
  it("ignores a secret whose name the registry does not hold", () => {
    expect(teamToken([], RAW, "infra")).toBeNull();
  });
});

describe("createLabClient", () => {
  let server: Server | undefined;
  afterEach(() => {
    server?.close();
    vi.restoreAllMocks();
  });

  const body = (request: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let text = "";
      request.on("data", (chunk: Buffer) => (text += chunk.toString()));
      request.on("end", () => resolve(text));
    });

  it("retries until the server answers, then posts the update and the report as their teams' tokens", async () => {
    // Reserve a port, leave it closed for the first attempts, then listen on it.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise((resolve) => probe.close(resolve));
    const received: { authorization?: string; url?: string; type?: string; body: string }[] = [];
    const client = createLabClient(`http://127.0.0.1:${port}`, (team) => teamToken(TOKENS, RAW, team), { firstDelayMs: 50, giveUpAfterMs: 5_000 });
    const sent = client.post({ team: "infra", type: "update", text: "Staging is down" });
    const reported = client.report("unit", "<testsuite tests=\"1\"/>");
    await new Promise((resolve) => setTimeout(resolve, 120));
    server = createServer((request, response) => {
      void body(request).then((text) => {
        received.push({ authorization: request.headers.authorization, url: request.url, type: request.headers["content-type"], body: text });
        response.writeHead(201).end("{}");
      });
    });
    await new Promise<void>((resolve) => server!.listen(port, "127.0.0.1", resolve));
    await Promise.all([sent, reported]);
    // In order, one at a time: the update, then the CI's report as the dev team, each as a person's request.
    expect(received).toEqual([
      { authorization: "Bearer infra-secret-0000000001", url: "/api/timeline", type: "application/json", body: JSON.stringify({ type: "update", text: "Staging is down" }) },
      { authorization: "Bearer dev-secret-00000000002", url: "/api/test-runs?suite=unit", type: "application/xml", body: '<testsuite tests="1"/>' },
    ]);
  });

  it("skips a team without a token and says so once", async () => {
    const warn = vi.spyOn(log, "warn").mockImplementation(() => {});
    const client = createLabClient("http://127.0.0.1:9", () => null);
    await client.post({ team: "leadership", type: "note", text: "a" });
    await client.post({ team: "leadership", type: "note", text: "b" });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]?.[0]).toMatch(/no token with role "leadership"/);
  });
});
