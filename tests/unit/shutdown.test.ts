import { describe, expect, it } from "vitest";
import { runShutdown, settledWithin } from "@/lib/shutdown";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("runShutdown", () => {
  it("runs the steps in order, each after the previous one finished", async () => {
    const order: string[] = [];
    const clean = await runShutdown(
      [
        { name: "engine", run: async () => (await sleep(30), order.push("engine")) },
        { name: "storage", run: () => order.push("storage") },
      ],
      1_000,
    );
    expect(clean).toBe(true);
    expect(order).toEqual(["engine", "storage"]);
  });

  it("goes on after a step that throws, and reports the stop as not clean", async () => {
    const order: string[] = [];
    const clean = await runShutdown(
      [
        { name: "bus", run: () => Promise.reject(new Error("redis gone")) },
        { name: "storage", run: () => order.push("storage") },
      ],
      1_000,
    );
    expect(clean).toBe(false);
    expect(order).toEqual(["storage"]);
  });

  it("gives up at the deadline when a step hangs", async () => {
    const started = Date.now();
    const clean = await runShutdown([{ name: "hung", run: () => new Promise(() => undefined) }], 100);
    expect(clean).toBe(false);
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});

describe("settledWithin", () => {
  it("is true for work that settles (even by rejecting) in time, false otherwise", async () => {
    expect(await settledWithin(sleep(10), 500)).toBe(true);
    expect(await settledWithin(Promise.reject(new Error("no")), 500)).toBe(true);
    expect(await settledWithin(sleep(500), 20)).toBe(false);
  });
});
