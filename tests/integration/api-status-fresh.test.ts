import { afterAll, beforeAll, expect, it } from "vitest";
import * as status from "@/app/api/status/route";
import { getEngine } from "@/lib/runtime";
import type { ComponentView, StatusSnapshot } from "@/lib/types";
import { call, callJson, expectError, startApiHarness, type ApiHarness } from "../support/api-harness";

// A page refetches GET /api/status right after a live event (docs/live-updates.md "Refetches"). A plain
// read may be answered by a build up to a second old, taken before that event; `?fresh=1` waits for one
// that holds every event the process had heard. Real runtime: the engine probes `worker` (a refused port),
// stores the result and publishes it, and the read model follows the bus.

let harness: ApiHarness;
beforeAll(async () => (harness = await startApiHarness()));
afterAll(async () => harness?.stop());

const worker = async (path: string): Promise<ComponentView> =>
  (await callJson<StatusSnapshot>(status.GET, { path, as: "viewer" })).components.find((component) => component.id === "worker")!;

it("?fresh=1 answers with a build that holds a result published just before the read", async () => {
  expect(await worker("/api/status")).toMatchObject({ status: "unknown", checkedAt: null }); // this build is now held
  const [outcome] = await getEngine()!.runNow(["worker"]);
  expect(outcome).toMatchObject({ componentId: "worker", status: "down" });
  expect(await worker("/api/status?fresh=1")).toMatchObject({ status: "down", checkedAt: outcome!.result.checkedAt });
});

it("?fresh with another value is a 400 naming the parameter", async () => {
  const error = await expectError(await call(status.GET, { path: "/api/status?fresh=yes", as: "viewer" }), 400, "BAD_REQUEST");
  expect(error.message).toMatch(/^fresh: /);
});
