import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseJUnitOffThread } from "@/lib/junit/off-thread";
import { JUnitError, parseJUnit } from "@/lib/junit/parse";
import { largeReport } from "../support/junit-reports";

// Gap: a 5 MB JUnit report took about a second of CPU on the event loop (every request waited). It is
// parsed in a worker thread now; the loop keeps ticking meanwhile. The one timing assertion the issue
// asks for, kept generous: a synchronous parse stalls the loop for the whole parse (≈ 1 s here).

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
    const { result, stallMs } = await longestStall(() => parseJUnitOffThread(xml));
    expect(result).toEqual(parseJUnit(xml));
    expect(stallMs).toBeLessThan(400);
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
});
