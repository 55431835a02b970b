import { describe, expect, it } from "vitest";
import { createWriteBatch, type Settled } from "@/lib/engine/write-batch";

// The group-commit queue of lib/engine/write-batch.ts with a write function that keeps what it was given
// in memory: grouping by window and size, order within and across writes, failures kept to their items.

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A write that records each group and answers every item with itself doubled; `fail` decides per item. */
function recorder(options: { fail?: (item: number) => unknown; throwOnGroup?: number; delayMs?: number } = {}) {
  const groups: number[][] = [];
  const write = async (items: number[]): Promise<Settled<number>[]> => {
    groups.push(items);
    if (options.delayMs) await sleep(options.delayMs);
    if (options.throwOnGroup === groups.length) throw new Error(`group ${groups.length} refused`);
    return items.map((item) => {
      const error = options.fail?.(item);
      return error ? { error } : { value: item * 2 };
    });
  };
  return { groups, write };
}

describe("createWriteBatch", () => {
  it("writes items that come within the window as one group, in submission order", async () => {
    const { groups, write } = recorder();
    const batch = createWriteBatch({ write, windowMs: 30 });
    const values = await Promise.all([1, 2, 3, 4].map((item) => batch.submit(item)));
    expect(values).toEqual([2, 4, 6, 8]);
    expect(groups).toEqual([[1, 2, 3, 4]]);
  });

  it("caps a group at maxItems and writes a full group without waiting for the window", async () => {
    const { groups, write } = recorder();
    const batch = createWriteBatch({ write, windowMs: 60_000, maxItems: 100 });
    const items = Array.from({ length: 200 }, (_, index) => index);
    const started = Date.now();
    await Promise.all(items.map((item) => batch.submit(item)));
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(groups.map((group) => group.length)).toEqual([100, 100]);
    expect(groups.flat()).toEqual(items);
  });

  it("keeps one write in flight: items that come meanwhile go in the next write, after it", async () => {
    const { groups, write } = recorder({ delayMs: 40 });
    const batch = createWriteBatch({ write, windowMs: 5 });
    const first = [batch.submit(1), batch.submit(2)];
    await sleep(15); // the first write is in flight now
    const second = [batch.submit(3), batch.submit(4), batch.submit(5)];
    expect(await Promise.all([...first, ...second])).toEqual([2, 4, 6, 8, 10]);
    expect(groups).toEqual([[1, 2], [3, 4, 5]]);
  });

  it("a write that throws fails every item of its group with that error, and the next group is still written", async () => {
    const { groups, write } = recorder({ throwOnGroup: 1, delayMs: 20 });
    const batch = createWriteBatch({ write, windowMs: 5 });
    const first = [batch.submit(1), batch.submit(2)].map((promise) => promise.catch((error: Error) => error.message));
    await sleep(10);
    const later = batch.submit(3);
    expect(await Promise.all(first)).toEqual(["group 1 refused", "group 1 refused"]);
    expect(await later).toBe(6);
    expect(groups).toEqual([[1, 2], [3]]);
  });

  it("an item the write settles with an error rejects alone; the others of its group resolve", async () => {
    const { write } = recorder({ fail: (item) => (item === 2 ? new Error("slot taken") : undefined) });
    const batch = createWriteBatch({ write, windowMs: 5 });
    const settled = await Promise.allSettled([1, 2, 3].map((item) => batch.submit(item)));
    expect(settled.map((outcome) => (outcome.status === "fulfilled" ? outcome.value : (outcome.reason as Error).message))).toEqual([2, "slot taken", 6]);
  });

  it("drain writes what waits at once, and later items without a window (shutdown)", async () => {
    const { groups, write } = recorder();
    const batch = createWriteBatch({ write, windowMs: 60_000 });
    const waiting = [batch.submit(1), batch.submit(2)];
    const started = Date.now();
    await batch.drain();
    expect(groups).toEqual([[1, 2]]);
    expect(await Promise.all(waiting)).toEqual([2, 4]);
    expect(await batch.submit(3)).toBe(6);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(groups).toEqual([[1, 2], [3]]);
  });

  it("an item without an outcome from the write is rejected, never left pending", async () => {
    const batch = createWriteBatch<number, number>({ write: async () => [{ value: 1 }], windowMs: 5 });
    const settled = await Promise.allSettled([batch.submit(1), batch.submit(2)]);
    expect(settled.map((outcome) => outcome.status)).toEqual(["fulfilled", "rejected"]);
  });
});
