import { describe, expect, it } from "vitest";
import { createStreamWriter } from "@/lib/events/sse-writer";

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
    await sleep(20);
    expect(chunks).toEqual([]);
    expect(w.queuedBytes()).toBe(9);
    w.pull();
    await tick();
    expect(chunks).toEqual(["T1;b1;a3;"]);
    expect([w.queuedBytes(), w.replaced()]).toEqual([0, 2]);
  });

  it("hands a reader that keeps up a hub batch's shared chunk as it is, or with what follows in the same tick", async () => {
    const raw: Uint8Array[] = [];
    const w = createStreamWriter({ maxQueuedBytes: 1_000, maxBehindMs: 10_000, onSlow: () => {}, enqueue: (chunk) => (raw.push(chunk), true) });
    const shared = new TextEncoder().encode("a1;b1;");
    w.pull();
    w.batch([frame("a1"), frame("b1")], shared, true);
    expect(raw[0]).toBe(shared); // at once, and the same bytes every caught-up stream writes, not a copy
    w.pull();
    w.batch([frame("c1")], new TextEncoder().encode("c1;"), false); // an event follows: it goes in the same write
    w.write(frame("T1"));
    expect(raw).toHaveLength(1);
    await tick();
    expect(raw.slice(1).map((chunk) => new TextDecoder().decode(chunk))).toEqual(["c1;T1;"]);
  });

  it("takes a batch frame by frame while the reader is behind, coalescing with what waits", async () => {
    const { writer: w, chunks } = writer();
    w.batch([frame("a1"), frame("b1")], new TextEncoder().encode("a1;b1;"), true);
    w.write(frame("T1"));
    w.batch([frame("a2")], new TextEncoder().encode("a2;"), true);
    await tick();
    expect(chunks).toEqual([]);
    w.pull();
    await tick();
    expect(chunks).toEqual(["b1;T1;a2;"]);
    expect(w.replaced()).toBe(1);
  });

  it("writes what came while the last chunk was on its way as soon as the reader asks", async () => {
    const { writer: w, chunks } = writer();
    w.pull();
    w.write(frame("T1"));
    await tick();
    w.batch([frame("a1")], new TextEncoder().encode("a1;"), true);
    await tick(); // no reader waiting
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
