import { describe, expect, it } from "vitest";
import { coalesceKey, createCoalescingQueue, type QueuedFrame } from "@/lib/events/coalesce";

describe("coalesceKey", () => {
  it.each([
    ["component", { id: "redis", location: "eu" }, "redis\neu"],
    ["component", { id: "redis" }, "redis\ndefault"],
    ["component", { id: "redis", location: "default" }, "redis\ndefault"],
    ["component", { id: 7 }, null],
    ["component", null, null],
    ["timeline", { id: 4 }, null],
    ["incident", { state: "remediating" }, null],
    ["criterion", { id: "health-200" }, null],
    ["test-run", { suite: "unit" }, null],
  ])("%s %j → %j", (type, data, expected) => {
    expect(coalesceKey(type, data)).toBe(expected);
  });
});

// One letter per frame: upper case has no key (timeline and the like), lower case a key per letter,
// and the digit after it tells its versions apart.
const frame = (label: string) => ({ key: /^[a-z]/.test(label) ? label[0]! : null, bytes: new TextEncoder().encode(label) });
const labels = (frames: QueuedFrame[]) => frames.map((frame) => new TextDecoder().decode(frame.bytes));

describe("createCoalescingQueue", () => {
  it.each([
    ["keeps unkeyed frames, all of them, in order", "T1 T2 T3", "T1 T2 T3"],
    ["keeps distinct keys in order", "a1 b1 c1", "a1 b1 c1"],
    ["keeps only the newest of a key", "a1 a2 a3", "a3"],
    ["puts the newest at its own place, after what came between", "a1 T1 a2", "T1 a2"],
    ["never reorders unkeyed frames around replacements", "T1 a1 b1 T2 a2 T3 b2", "T1 T2 a2 T3 b2"],
    ["keeps one per key among many", "a1 b1 a2 c1 b2 a3 c2", "b2 a3 c2"],
    ["empty", "", ""],
  ])("%s: %s → %s", (_label, input, expected) => {
    const queue = createCoalescingQueue();
    for (const label of input.split(" ").filter(Boolean)) queue.push(frame(label));
    expect(labels(queue.take()).join(" ")).toBe(expected);
  });

  it("counts the bytes held and the replaced frames, and empties on take", () => {
    const queue = createCoalescingQueue();
    queue.push(frame("a1"));
    queue.push(frame("a22"));
    queue.push(frame("b1"));
    expect([queue.bytes(), queue.replaced()]).toEqual([5, 1]);
    queue.push(frame("T1"));
    expect(labels(queue.take())).toEqual(["a22", "b1", "T1"]);
    expect([queue.bytes(), queue.take()]).toEqual([0, []]);
  });

  it("stays bounded by the number of keys over a long lag, order intact", () => {
    const queue = createCoalescingQueue();
    for (let round = 0; round < 1_000; round += 1) for (const key of "abc") queue.push(frame(`${key}${round}`));
    queue.push(frame("T1"));
    expect(labels(queue.take())).toEqual(["a999", "b999", "c999", "T1"]);
  });
});
