import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseJUnitOffThread } from "@/lib/junit/off-thread";
import { JUnitError, parseJUnit } from "@/lib/junit/parse";
import { largeReport } from "../support/junit-reports";

// Gap: a 5 MB JUnit report took about a second of CPU on the event loop (every request waited). It is
// parsed in a worker thread now; the loop keeps ticking meanwhile. The one timing assertion the issue
// asks for, kept generous and relative to this machine's speed at the moment: the longest stall must be
// under half of what a parse on the event loop takes (a synchronous parse stalls it for all of it).

/** Runs `work` while a 10 ms interval measures the longest gap between its ticks. */
async function longestStall<T>(work: () => Promise<T>): Promise<{ result: T; stallMs: number }> {
  let last = performance.now();
  let stallMs = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    stallMs = Math.max(stallMs, now - last);
    last = now;
  }, 10);
  try {
    const result = await work();
    stallMs = Math.max(stallMs, performance.now() - last);
    return { result, stallMs };
  } finally {
    clearInterval(timer);
  }
}

describe("parseJUnitOffThread", () => {
  it("parses a 5 MB report in a worker while the event loop keeps turning", async () => {
    const xml = largeReport(5 * 1024 * 1024 - 64 * 1024);
    await parseJUnitOffThread('<testsuite name="warm-up"/>'); // starts the worker (tsx compiles it once)
    parseJUnit(largeReport(512 * 1024)); // warm the parser's code paths, so the timed parse below is not the cold one
    const started = performance.now();
    const expected = parseJUnit(xml); // what the event loop used to wait for, on this machine, now
    const syncMs = performance.now() - started;
    const { result, stallMs } = await longestStall(() => parseJUnitOffThread(xml));
    expect(result).toEqual(expected);
    expect(stallMs, `longest stall ${Math.round(stallMs)} ms vs ${Math.round(syncMs)} ms for a parse on the loop`).toBeLessThan(syncMs / 2);
  });

  it("refuses what parseJUnit refuses, with the same code, line and column", async () => {
    const xml = readFileSync("tests/fixtures/junit/hostile/xxe.xml", "utf8");
    const direct = (() => {
      try {
        parseJUnit(xml);
      } catch (error) {
        return error as JUnitError;
      }
    })();
    const offThread = await parseJUnitOffThread(xml).catch((error: unknown) => error);
    expect(offThread).toBeInstanceOf(JUnitError);
    expect(offThread).toMatchObject({ code: direct?.code, message: direct?.message, line: direct?.line, column: direct?.column, status: 400 });
  });

  it("serves concurrent reports, each its own answer", async () => {
    const reports = ["a", "b", "c"].map((name, i) => `<testsuite name="${name}">${'<testcase name="t"/>'.repeat(i + 1)}</testsuite>`);
    const parsed = await Promise.all(reports.map((xml) => parseJUnitOffThread(xml)));
    expect(parsed.map((report) => [report.name, report.tests])).toEqual([["a", 1], ["b", 2], ["c", 3]]);
  });

  it("a worker that dies fails the reports it held; the next report gets a new worker", async () => {
    const state = (globalThis as Record<symbol, { worker: { terminate(): Promise<number> } } | null>)[Symbol.for("handback.junit-worker")];
    const held = parseJUnitOffThread(largeReport(1024 * 1024));
    await state!.worker.terminate();
    await expect(held).rejects.toThrow(/JUnit parser|exited/);
    expect((await parseJUnitOffThread('<testsuite name="after"><testcase name="t"/></testsuite>')).tests).toBe(1);
  });
});
