import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { GET } from "@/app/api/ready/route";
import { getRuntime, setEngine } from "@/lib/runtime";
import type { ProbeEngine } from "@/lib/engine/engine";

// Gap: /api/ready answers anyone, and used to pass the storage error through: the data directory's
// path, errno codes. Storage here cannot open (its directory would be inside a regular file).

const dir = mkdtempSync(path.join(os.tmpdir(), "handback-ready-"));
const blocker = path.join(dir, "not-a-directory");
writeFileSync(blocker, "");
vi.stubEnv("HANDBACK_DATA_DIR", path.join(blocker, "data"));
vi.stubEnv("HANDBACK_LOG", "warn");
afterAll(() => {
  vi.unstubAllEnvs();
  rmSync(dir, { recursive: true, force: true });
});

describe("GET /api/ready when storage cannot open", () => {
  it("503 'starting' while start-up has not got the probe engine running, without opening storage", async () => {
    const response = await GET();
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ reason: "starting: probes are not running yet (the server log has the cause)" });
    expect(getRuntime().db).toBeNull();
  });

  it("503 with a fixed reason; the cause goes to the server log only", async () => {
    // Storage fails after start-up: the engine runs (it only needs to exist for readiness), storage does not open.
    setEngine({} as ProbeEngine);
    const logged: string[] = [];
    const spy = vi.spyOn(console, "error").mockImplementation((line: string) => void logged.push(line));
    const response = await GET();
    spy.mockRestore();
    const text = await response.text();
    expect(response.status).toBe(503);
    expect(JSON.parse(text)).toEqual({
      status: "unavailable",
      reason: "storage is unavailable (the server log has the cause)",
      error: { code: "NOT_READY", message: "storage is unavailable (the server log has the cause)" },
    });
    expect(text).not.toContain(dir);
    expect(text).not.toMatch(/ENOTDIR|EEXIST|ENOENT|errno/i);
    expect(logged.join("\n")).toContain("readiness: storage unavailable");
  });
});
