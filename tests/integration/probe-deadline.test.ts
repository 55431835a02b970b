import { describe, expect, it } from "vitest";
import { withDeadline, type EndReason } from "@/lib/probes/deadline";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// The shared hard deadline, on its own: what every probe relies on.
describe("withDeadline", () => {
  it("turns a bug thrown in a probe body into a NETWORK_ERROR result", async () => {
    const result = await withDeadline({ timeoutMs: 500 }, async () => {
      throw new TypeError("boom");
    });
    expect(result).toMatchObject({ ok: false, error: { code: "NETWORK_ERROR" } });
  });

  it("keeps observations gathered before the deadline and runs cleanups with 'timeout'", async () => {
    const reasons: EndReason[] = [];
    const result = await withDeadline({ timeoutMs: 100 }, (scope) => {
      scope.observations.CONNECTED = true;
      scope.onCleanup((reason) => reasons.push(reason));
      return new Promise(() => {});
    });
    expect(result).toMatchObject({ ok: false, error: { code: "TIMEOUT" }, observations: { CONNECTED: true } });
    expect(reasons).toEqual(["timeout"]);
  });

  it("runs a cleanup registered after the deadline at once, and swallows the late rejection", async () => {
    const reasons: EndReason[] = [];
    await withDeadline({ timeoutMs: 50 }, async (scope) => {
      await sleep(100);
      scope.onCleanup((reason) => reasons.push(reason));
      throw new Error("late failure");
    });
    await sleep(100);
    expect(reasons).toEqual(["timeout"]);
  });

  it("returns ABORTED at once for an already aborted signal, without running the body", async () => {
    let ran = false;
    const result = await withDeadline({ timeoutMs: 1_000, signal: AbortSignal.abort() }, async () => {
      ran = true;
      return { ok: true };
    });
    expect(result.error?.code).toBe("ABORTED");
    expect(ran).toBe(false);
  });

  it("fills latencyMs, checkedAt and phases.total", async () => {
    const result = await withDeadline({ timeoutMs: 1_000 }, async (scope) => {
      scope.phases.connect = 1;
      await sleep(20);
      return { ok: true };
    });
    expect(result.latencyMs).toBeGreaterThanOrEqual(19);
    expect(result.phases).toEqual({ connect: 1, total: result.latencyMs });
    expect(new Date(result.checkedAt).toISOString()).toBe(result.checkedAt);
  });
});
