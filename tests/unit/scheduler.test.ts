import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it, vi } from "vitest";
import { nextOnGrid, startScheduler, type Scheduler } from "@/lib/engine/scheduler";

// Retry cases run on an hour's grid: a grid slot that happens to fall inside their few hundred ms (the
// grid is wall-clock, so on a 10 s interval one run in forty did) would add a run they do not expect.
const HOUR = 3_600_000;

// Real timers with short intervals: the scheduler's guarantees are about time and overlap.
let scheduler: Scheduler<number> | undefined;
afterEach(async () => scheduler?.stop());

describe("startScheduler", () => {
  it("runs each component on its interval", async () => {
    const runs = new Map<string, number>();
    scheduler = startScheduler(
      [{ id: "a", interval: 50 }, { id: "b", interval: 100 }],
      async (component) => {
        runs.set(component.id, (runs.get(component.id) ?? 0) + 1);
        return 0;
      },
      { concurrency: 4, jitter: 0 },
    );
    await sleep(520);
    expect(runs.get("a")).toBeGreaterThanOrEqual(5);
    expect(runs.get("a")).toBeLessThanOrEqual(12);
    expect(runs.get("b")).toBeGreaterThanOrEqual(3);
    expect(runs.get("b")).toBeLessThanOrEqual(6);
  });

  it("never runs one component twice at once and skips slots while a run is in flight", async () => {
    let active = 0;
    let maxActive = 0;
    scheduler = startScheduler(
      [{ id: "slow", interval: 20 }],
      async () => {
        active++;
        maxActive = Math.max(maxActive, active);
        await sleep(70);
        active--;
        return 0;
      },
      { concurrency: 4, jitter: 0 },
    );
    await sleep(300);
    expect(maxActive).toBe(1);
    expect(scheduler.stats().skipped).toBeGreaterThan(0);
  });

  it("bounds concurrency across components", async () => {
    let active = 0;
    let maxActive = 0;
    const components = Array.from({ length: 20 }, (_, index) => ({ id: `c${index}`, interval: 10_000 }));
    scheduler = startScheduler(
      components,
      async () => {
        active++;
        maxActive = Math.max(maxActive, active);
        await sleep(20);
        active--;
        return 0;
      },
      { concurrency: 3, jitter: 0 },
    );
    const results = await scheduler.runNow();
    expect(results.size).toBe(20);
    expect(maxActive).toBe(3);
  });

  it("runNow joins a run already in flight instead of starting a second one", async () => {
    let calls = 0;
    scheduler = startScheduler(
      [{ id: "a", interval: 10_000 }],
      async () => {
        calls++;
        await sleep(50);
        return calls;
      },
      { concurrency: 1, jitter: 0 },
    );
    const [first, second] = await Promise.all([scheduler.runNow(["a"]), scheduler.runNow(["a"])]);
    expect(first.get("a")).toBe(second.get("a"));
  });

  it("stop() clears timers and waits for runs in flight", async () => {
    let finished = 0;
    scheduler = startScheduler(
      [{ id: "a", interval: 10 }],
      async () => {
        await sleep(40);
        finished++;
        return 0;
      },
      { concurrency: 1, jitter: 0 },
    );
    await sleep(15);
    await scheduler.stop();
    const after = finished;
    await sleep(60);
    expect(finished).toBe(after);
    expect(after).toBeGreaterThanOrEqual(1);
  });

  it("after the first runs, spreads components over the whole interval instead of bunching them", async () => {
    const interval = 200;
    const phases: number[] = [];
    const components = Array.from({ length: 100 }, (_, index) => ({ id: `component-${index}`, interval }));
    const startedAt = Date.now();
    scheduler = startScheduler(
      components,
      async (_component, scheduledAt) => {
        if (scheduledAt !== undefined && scheduledAt - startedAt > 2 * interval) phases.push(scheduledAt % interval);
        return 0;
      },
      { concurrency: 16, jitter: 0.2 },
    );
    await sleep(5 * interval);
    // Every fifth of the interval gets a fair share of the planned runs (all would be in the first fifth before).
    const fifths = [0, 1, 2, 3, 4].map((fifth) => phases.filter((phase) => Math.floor(phase / (interval / 5)) === fifth).length);
    expect(phases.length).toBeGreaterThanOrEqual(150);
    for (const count of fifths) expect(count).toBeGreaterThan(phases.length / 10);
  });

  it("waits out an interval above setTimeout's 24.8-day limit instead of running again at once", async () => {
    let runs = 0;
    // Yearly: the first run comes at once, the next on the grid at least 190 days later (the id "yearly" places
    // it past mid-interval), a delay setTimeout alone would fire after 1 ms, again and again.
    scheduler = startScheduler([{ id: "yearly", interval: 365 * 24 * 3_600_000 }], async () => ++runs, { concurrency: 1, jitter: 0 });
    await sleep(300);
    expect(runs).toBe(1);
  });

  it("logs a scheduled run that throws, with the component and the reason", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      scheduler = startScheduler(
        [{ id: "broken", interval: 60_000 }],
        async () => {
          throw new Error("judge exploded");
        },
        { concurrency: 1, jitter: 0 },
      );
      for (let i = 0; i < 50 && errors.mock.calls.length === 0; i += 1) await sleep(10);
      expect(errors.mock.calls.map(([line]) => String(line))).toEqual([expect.stringMatching(/error\s+scheduled run of broken failed: .*judge exploded/)]);
    } finally {
      errors.mockRestore();
    }
  });

  it("re-probes after retryInterval while retrying, then goes back to the interval", async () => {
    const times: number[] = [];
    let confirming = true;
    const startedAt = Date.now();
    scheduler = startScheduler(
      [{ id: "flaky", interval: HOUR, retryInterval: 60 }],
      async () => times.push(Date.now() - startedAt),
      // Three runs confirm the streak; after that the component is back on its hourly interval.
      { concurrency: 1, jitter: 0, retrying: () => (confirming = times.length < 3) },
    );
    await sleep(400);
    expect(times).toHaveLength(3);
    expect(times[2]! - times[0]!).toBeGreaterThanOrEqual(100);
    expect(times[2]! - times[0]!).toBeLessThan(300);
    expect(confirming).toBe(false);
  });

  it("never claims a retry (only the instance that saw the streak plans it) and runs no retry without retrying", async () => {
    const claimed: number[] = [];
    let runs = 0;
    const claim = async (_component: unknown, at: number) => (claimed.push(at), true);
    scheduler = startScheduler([{ id: "a", interval: HOUR, retryInterval: 40 }], async () => ++runs, { concurrency: 1, jitter: 0, claim, retrying: () => runs < 2 });
    await sleep(250);
    expect(runs).toBe(2);
    expect(claimed).toHaveLength(1);
    await scheduler.stop();
    runs = 0;
    scheduler = startScheduler([{ id: "b", interval: HOUR, retryInterval: 40 }], async () => ++runs, { concurrency: 1, jitter: 0, retrying: () => false });
    await sleep(200);
    expect(runs).toBe(1);
  });

  it("spreads first runs over at most 5 s, whatever the interval", async () => {
    const runs: string[] = [];
    // random() = 0.99 with a 1 h interval would put the first run 12 min out without the cap; the cap makes it ≈5 s.
    scheduler = startScheduler([{ id: "hourly", interval: 3_600_000 }], async (component) => runs.push(component.id), { concurrency: 1, jitter: 0.2, random: () => 0.99 });
    expect(scheduler.stats().started).toBe(0);
    await sleep(5_200);
    expect(runs).toEqual(["hourly"]);
  });

  it("plans the next run on the grid, in a later slot", () => {
    expect(nextOnGrid(1_050, 100, 30)).toBe(1_130);
    expect(nextOnGrid(1_130, 100, 30)).toBe(1_230);
    expect(nextOnGrid(1_099, 100, 0)).toBe(1_100);
  });
});
