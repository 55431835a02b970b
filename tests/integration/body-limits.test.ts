import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { POST as signIn } from "@/app/api/session/route";
import { readJson } from "@/lib/api/body";
import { errorResponse } from "@/lib/errors";
import { serveRoute, type RouteServer } from "../support/route-server";
import { upload } from "../support/upload";

// Bug 2: an unauthenticated client must not make the server buffer an unbounded body. POST /api/session
// runs on a real loopback HTTP server; 50 MB are streamed at it, with a Content-Length and chunked.

const dataDir = mkdtempSync(path.join(os.tmpdir(), "handback-body-limits-"));
vi.stubEnv("HANDBACK_TOKENS", "ci:infra:infra-secret-0123456789");
vi.stubEnv("HANDBACK_DATA_DIR", dataDir);
vi.stubEnv("HANDBACK_LOG", "silent");

const FIFTY_MB = 50 * 1024 * 1024;

/** Peak resident memory (MB) of this process since the last reset (Linux VmHWM). */
function peakRssMb(): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"));
  return Number(match?.[1]) / 1024;
}

/** Resets VmHWM to the current RSS (Linux: writing 5 to clear_refs). */
function resetPeakRss(): void {
  writeFileSync("/proc/self/clear_refs", "5");
}

// What every JSON route does after its auth check (timeline, handback, incident state, probes, lab).
const jsonRoute = async (request: Request) => {
  try {
    return Response.json(await readJson(request, z.unknown()));
  } catch (error) {
    return errorResponse(error);
  }
};

/** Streams 50 MB at a server: 413 PAYLOAD_TOO_LARGE, and the process's peak RSS grows by far less than that. */
async function expectRefusedWithoutBuffering(target: RouteServer, headers: Record<string, string>, chunked: boolean): Promise<void> {
  const before = process.memoryUsage().rss / 1024 / 1024;
  resetPeakRss();
  const result = await upload(target.port, "/", FIFTY_MB, { chunked, headers });
  expect(peakRssMb() - before, "peak RSS growth in MB").toBeLessThan(25);
  expect(result.status, result.body).toBe(413);
  expect(JSON.parse(result.body).error.code).toBe("PAYLOAD_TOO_LARGE");
}

let server: RouteServer;
let json: RouteServer;
beforeAll(async () => {
  server = await serveRoute(signIn);
  json = await serveRoute(jsonRoute);
});
afterAll(async () => {
  await Promise.all([server?.close(), json?.close()]);
  vi.unstubAllEnvs();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("POST /api/session refuses a 50 MB body without buffering it", () => {
  it.each([
    ["JSON, Content-Length", { "content-type": "application/json" }, false],
    ["JSON, chunked", { "content-type": "application/json" }, true],
    ["form, Content-Length", { "content-type": "application/x-www-form-urlencoded" }, false],
    ["form, chunked", { "content-type": "application/x-www-form-urlencoded" }, true],
  ])("%s → 413, and memory does not grow by the body", async (_label, headers, chunked) => {
    await expectRefusedWithoutBuffering(server, headers, chunked);
  });

  it("multipart is refused with 415 before it is read", async () => {
    const result = await upload(server.port, "/api/session", 1024 * 1024, { chunked: true, headers: { "content-type": "multipart/form-data; boundary=x" } });
    expect(result.status).toBe(415);
    expect(JSON.parse(result.body).error.code).toBe("UNSUPPORTED_MEDIA_TYPE");
  });

  it("a small form post still signs in (parsed from the capped text)", async () => {
    const body = new URLSearchParams({ token: "infra-secret-0123456789", next: "/timeline" }).toString();
    const result = await upload(server.port, "/api/session", body, { chunked: false, headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(result.status).toBe(303);
    expect(result.body).toBe("");
  });
});

describe("readJson (every JSON route behind auth) reads at most 64 KB", () => {
  it.each([false, true])("50 MB, chunked %s → 413 without buffering", async (chunked) => {
    await expectRefusedWithoutBuffering(json, { "content-type": "application/json" }, chunked);
  });

  it("a body just over 64 KB is refused, one at 64 KB is parsed", async () => {
    const text = (size: number) => JSON.stringify("x".repeat(size - 2));
    expect((await upload(json.port, "/", text(64 * 1024 + 1), { chunked: true })).status).toBe(413);
    const result = await upload(json.port, "/", text(64 * 1024), { chunked: true });
    expect(result.status).toBe(200);
    expect(JSON.parse(result.body)).toHaveLength(64 * 1024 - 2);
  });
});
