import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { IncidentConfig } from "@/lib/config";
import type { Db } from "@/lib/db";
import { createLocalBus } from "@/lib/events/bus";

// The workflow runs one reconcile at a time and lets every ask that arrives meanwhile share the next one.
const calls = { started: 0, running: 0, maxRunning: 0 };
let failing = false;
vi.mock("@/lib/incident/reconcile", () => ({
  reconcile: vi.fn(async () => {
    if (failing) throw new Error("PostgreSQL storage is unavailable (ECONNREFUSED)");
    calls.started += 1;
    calls.running += 1;
    calls.maxRunning = Math.max(calls.maxRunning, calls.running);
    await sleep(50);
    calls.running -= 1;
    return [];
  }),
}));

const { startWorkflow } = await import("@/lib/incident/workflow");
const workflow = startWorkflow({} as Db, {} as IncidentConfig, createLocalBus());
afterEach(() => Object.assign(calls, { started: 0, running: 0, maxRunning: 0 }));

describe("workflow", () => {
  it("runs one reconcile at a time; asks made while one runs share a single next one", async () => {
    const first = workflow.now();
    await sleep(10); // the first reconcile is running
    const asks = Array.from({ length: 20 }, () => workflow.now());
    await Promise.all([first, ...asks]);
    expect(calls).toEqual({ started: 2, running: 0, maxRunning: 1 });
  });

  it("an API write waits for at most the running reconcile and one more, however many were asked for", async () => {
    // Requests every 10 ms against reconciles of 50 ms: a queue per request would grow by 4 per reconcile.
    const flood = setInterval(() => workflow.request(), 10);
    const floodNow = setInterval(() => void workflow.now(), 10);
    await sleep(300);
    const started = Date.now();
    await workflow.now();
    const waited = Date.now() - started;
    clearInterval(flood);
    clearInterval(floodNow);
    expect(waited).toBeLessThan(2 * 50 + 60);
    expect(calls.maxRunning).toBe(1);
    workflow.stop();
  });

  it("during a storage outage logs the failing reconcile once, then says when it works again", async () => {
    const warn = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const info = vi.spyOn(console, "log").mockImplementation(() => undefined);
    const own = startWorkflow({} as Db, {} as IncidentConfig, createLocalBus());
    try {
      failing = true;
      for (let i = 0; i < 20; i += 1) await own.now();
      expect(warn.mock.calls.filter(([line]) => String(line).includes("reconcile failed"))).toHaveLength(1);
      failing = false;
      await own.now();
      expect(info.mock.calls.filter(([line]) => String(line).includes("reconcile works again"))).toHaveLength(1);
    } finally {
      failing = false;
      await own.stop();
      vi.restoreAllMocks();
    }
  });
});
