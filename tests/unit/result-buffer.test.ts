import { describe, expect, it } from "vitest";
import { StorageError } from "@/lib/db/errors";
import { createResultBuffer } from "@/lib/engine/result-buffer";

// The buffer's own rules, with a plain in-memory writer standing in for "storage that is down, then back".
describe("result buffer", () => {
  it("drops the oldest records beyond its capacity, counts them, and writes the rest in order on recovery", async () => {
    let up = false;
    const written: number[] = [];
    const buffer = createResultBuffer<number>({
      capacity: 3,
      retryMs: 10,
      maxRetryMs: 20,
      write: async (record) => {
        if (!up) throw new StorageError("STORAGE_UNAVAILABLE", "PostgreSQL storage is unavailable (ECONNREFUSED)");
        written.push(record);
      },
    });
    for (const record of [1, 2, 3, 4, 5]) buffer.push(record);
    expect(buffer.state()).toMatchObject({ degraded: true, buffered: 3, dropped: 2 });
    expect(buffer.holding()).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(written).toEqual([]);
    up = true;
    for (let i = 0; i < 100 && buffer.state().degraded; i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(written).toEqual([3, 4, 5]);
    expect(buffer.state()).toEqual({ degraded: false, buffered: 0, dropped: 2, since: null });
    expect(buffer.holding()).toBe(false);
    await buffer.stop();
  });

  it("bounds what it holds in bytes: the oldest records go first once their sizes add up past maxBytes", async () => {
    let up = false;
    const written: string[] = [];
    const buffer = createResultBuffer<string>({
      maxBytes: 2_500,
      sizeOf: (record) => Buffer.byteLength(record),
      retryMs: 10,
      maxRetryMs: 20,
      write: async (record) => {
        if (!up) throw new StorageError("STORAGE_UNAVAILABLE", "PostgreSQL storage is unavailable (ECONNREFUSED)");
        written.push(record);
      },
    });
    // Well under the 10,000-record capacity, but five 1 KB records are twice the byte bound.
    const records = ["a", "b", "c", "d", "e"].map((letter) => letter.repeat(1_000));
    for (const record of records) buffer.push(record);
    expect(buffer.state()).toMatchObject({ degraded: true, buffered: 2, dropped: 3 });
    up = true;
    for (let i = 0; i < 100 && buffer.state().degraded; i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(written.map((record) => record[0])).toEqual(["d", "e"]);
    await buffer.stop();
  });

  it("drops a record storage rejects as a bad statement instead of retrying it forever", async () => {
    const written: string[] = [];
    const buffer = createResultBuffer<string>({
      retryMs: 1,
      write: async (record) => {
        if (record === "bad") throw new StorageError("QUERY_FAILED", "invalid input");
        written.push(record);
      },
    });
    buffer.push("bad");
    buffer.push("good");
    for (let i = 0; i < 100 && buffer.state().degraded; i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(written).toEqual(["good"]);
    expect(buffer.state()).toMatchObject({ degraded: false, dropped: 1 });
    await buffer.stop();
  });

  it("on stop, writes what it holds when storage is back before the retry timer fires", async () => {
    let up = false;
    const written: number[] = [];
    const buffer = createResultBuffer<number>({
      retryMs: 60_000, // the timer never fires within the test: only stop()'s last pass can write
      write: async (record) => {
        if (!up) throw new StorageError("STORAGE_UNAVAILABLE", "PostgreSQL storage is unavailable (ECONNREFUSED)");
        written.push(record);
      },
    });
    for (const record of [1, 2, 3]) buffer.push(record);
    up = true;
    await buffer.stop();
    expect(written).toEqual([1, 2, 3]);
    expect(buffer.state()).toMatchObject({ buffered: 0, dropped: 0 });
  });

  it("on stop, keeps (and reports) what storage still refuses, after one attempt", async () => {
    let attempts = 0;
    const buffer = createResultBuffer<number>({
      retryMs: 60_000,
      write: async () => {
        attempts += 1;
        throw new StorageError("STORAGE_UNAVAILABLE", "PostgreSQL storage is unavailable (ECONNREFUSED)");
      },
    });
    for (const record of [1, 2]) buffer.push(record);
    await buffer.stop();
    expect(attempts).toBe(1);
    expect(buffer.state()).toMatchObject({ degraded: true, buffered: 2 });
  });
});
