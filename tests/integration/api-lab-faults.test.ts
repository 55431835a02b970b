import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as faults from "@/app/api/lab/faults/route";
import { startDemoLab, type DemoLab } from "@/lib/lab/demo-lab";
import { setLab } from "@/lib/runtime";
import { call, callJson, expectError, startApiHarness, type ApiHarness } from "../support/api-harness";
import { seedPgliteDir } from "../support/pglite-template.mjs";

// POST /api/lab/faults against a real demo lab: a fault or mode named after an Object.prototype property is
// an unknown fault (400), never a lookup on the prototype (which answered 500), and the lab is unchanged.
// The lab listens on 283xx, clear of the demo (391xx), the demo-lab test (292xx), the contract test (286xx),
// the data-dir-lock test (287xx) and e2e servers (295xx): two files on one block failed when the other's process
// still held a port. Test blocks sit below 32768, outside Linux's ephemeral range (32768–60999): a fixed port in
// it failed in CI with EADDRINUSE when a client socket of a parallel test file had that source port.
const dataDir = mkdtempSync(path.join(os.tmpdir(), "handback-lab-faults-"));
let harness: ApiHarness;
let lab: DemoLab;

beforeAll(async () => {
  harness = await startApiHarness();
  await seedPgliteDir(path.join(dataDir, "lab-cloud-sql"));
  lab = await startDemoLab({ enabled: true, basePort: 28_300 }, dataDir);
  setLab(lab);
}, 120_000);

afterAll(async () => {
  await lab?.close();
  await harness?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const post = (body: object) => call(faults.POST, { method: "POST", path: "/api/lab/faults", as: "infra", body });

describe("POST /api/lab/faults with prototype property names", () => {
  it.each<[string, string, RegExp]>([
    ["__proto__", "hasOwnProperty", /^fault: unknown fault "__proto__"/],
    ["__proto__", "constructor", /^fault: unknown fault "__proto__"/],
    ["constructor", "name", /^fault: unknown fault "constructor"/],
    ["toString", "call", /^fault: unknown fault "toString"/],
    ["hasOwnProperty", "apply", /^fault: unknown fault "hasOwnProperty"/],
    ["backend", "__proto__", /^mode: fault "backend" has no mode "__proto__"/],
    ["backend", "toString", /^mode: fault "backend" has no mode "toString"/],
  ])("fault %s, mode %s → 400", async (fault, mode, message) => {
    expect((await expectError(await post({ fault, mode }), 400, "BAD_REQUEST")).message).toMatch(message);
    expect(lab.faults()).toEqual(Object.fromEntries(Object.keys(lab.faults()).map((id) => [id, "healthy"])));
  });

  it("still flips a real fault", async () => {
    const body = await callJson<{ faults: Record<string, string> }>(faults.POST, { method: "POST", path: "/api/lab/faults", as: "infra", body: { fault: "backend", mode: "failing" } });
    expect(body.faults.backend).toBe("failing");
  });
});
