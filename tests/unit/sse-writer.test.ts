import { describe, expect, it } from "vitest";
import { createStreamWriter, FLUSH_MS } from "@/lib/events/sse-writer";

const frame = (label: string) => ({ key: /^[a-z]/.test(label) ? label[0]! : null, bytes: new TextEncoder().encode(`${label};`) });
const tick = () => new Promise((resolve) => setImmediate(resolve));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A writer whose chunks are collected as text; `slow` counts onSlow calls. */
function writer(overrides: { maxQueuedBytes?: number; maxBehindMs?: number; now?: () => number } = {}) {
  const chunks: string[] = [];
  const state = { slow: 0 };
  const created = createStreamWriter({
    maxQueuedBytes: overrides.maxQueuedBytes ?? 1_000,
    maxBehindMs: overrides.maxBehindMs ?? 10_000,
    now: overrides.now,
    onSlow: () => void (state.slow += 1),
    enqueue: (chunk) => (chunks.push(new TextDecoder().decode(chunk)), true),
  });
  return { writer: created, chunks, state };
}

describe("createStreamWriter", () => {
  it("hands nothing over before the reader asks, then the coalesced queue as one chunk", async () => {
    const { writer: w, chunks } = writer();
    for (const label of ["a1", "T1", "a2", "b1", "a3"]) w.write(frame(label));
    await sleep(FLUSH_MS * 2);
    expect(chunks).toEqual([]);
    expect(w.queuedBytes()).toBe(9);
    w.pull();
    await tick();
    expect(chunks).toEqual(["T1;b1;a3;"]);
    expect([w.queuedBytes(), w.replaced()]).toEqual([0, 2]);
  });

  it("sends an unkeyed frame on the next tick, with the component frames waiting beside it", async () => {
    const { writer: w, chunks } = writer();
    w.pull();
    w.write(frame("a1"));
    await sleep(5);
    expect(chunks).toEqual(["a1;"]); // after a quiet spell at once
    w.pull();
    w.write(frame("b1"));
    w.write(frame("T1"));
    await tick();
    expect(chunks).toEqual(["a1;", "b1;T1;"]);
  });

  it("holds component frames for the flush window while the reader keeps up", async () => {
    const { writer: w, chunks } = writer();
    w.pull();
    w.write(frame("a1"));
    await sleep(5);
    w.pull();
    w.write(frame("b1"));
    w.write(frame("c1"));
    w.write(frame("b2"));
    await tick();
    expect(chunks).toEqual(["a1;"]);
    await sleep(FLUSH_MS + 20);
    expect(chunks).toEqual(["a1;", "c1;b2;"]);
  });

  it("keeps the flush window when the reader asks again right after a write", async () => {
    const { writer: w, chunks } = writer();
    w.pull();
    w.write(frame("a1"));
    await sleep(5);
    w.write(frame("b1")); // arrives while the chunk is on its way
    w.pull();
    await tick();
    expect(chunks).toEqual(["a1;"]);
    await sleep(FLUSH_MS + 20);
    expect(chunks).toEqual(["a1;", "b1;"]);
  });

  it("writes a flush that came due while the last chunk was on its way as soon as the reader asks", async () => {
    const { writer: w, chunks } = writer();
    w.pull();
    w.write(frame("T1"));
    await tick();
    w.write(frame("a1"));
    await sleep(FLUSH_MS + 20); // the window ended with no reader waiting
    expect(chunks).toEqual(["T1;"]);
    w.pull();
    await tick();
    expect(chunks).toEqual(["T1;", "a1;"]);
  });

  it.each([
    ["more bytes held than the bound", { maxQueuedBytes: 10 }, 0],
    ["nothing taken for longer than maxBehindMs", { maxBehindMs: 100 }, 101],
  ])("calls the reader slow on %s", async (_label, limits, advance) => {
    let now = 0;
    const { writer: w, state } = writer({ ...limits, now: () => now });
    w.write(frame("T1"));
    await tick(); // finds no reader: behind from now on
    now += advance;
    for (const label of ["a1", "b1", "c1", "d1"]) w.write(frame(label));
    expect(state.slow).toBeGreaterThan(0);
  });

  it("keeps a reader that is behind but within both bounds", async () => {
    let now = 0;
    const { writer: w, state } = writer({ maxQueuedBytes: 100, maxBehindMs: 100, now: () => now });
    w.write(frame("T1"));
    await tick();
    for (let round = 0; round < 50; round += 1) {
      now += 1;
      w.write(frame(`a${round}`));
    }
    expect(state.slow).toBe(0);
    expect(w.queuedBytes()).toBeLessThan(20);
  });
});
