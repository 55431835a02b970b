import { describe, expect, it } from "vitest";
import { createLocalBus } from "@/lib/events/bus";
import { createReadModel, type ReadModelSource, type StoredParts } from "@/lib/snapshot/model";

// When a read waits for storage (lib/snapshot/model.ts): a change heard as an event always waits; parts
// that are only old by the clock are read again in the background while the held ones answer, until they
// are WAIT_AFTER (5) × partsMaxAgeMs old. The storage side is a source whose reads finish when the test
// says, so "did the read wait" is observable; read-model.test.ts runs the model on real storage.

const T0 = Date.parse("2025-01-01T12:00:00Z");
const at = (ms: number) => new Date(T0 + ms);
const partsNamed = (name: string) => ({ incidentState: { state: name } }) as unknown as StoredParts;

/** A source whose readParts calls stay pending until `finish` (each read is named by a counter). */
function gatedSource() {
  const pending: { resolve: (parts: StoredParts) => void; reject: (error: Error) => void }[] = [];
  const source: ReadModelSource = {
    readResults: async () => [],
    readResultsMark: async () => 0,
    readParts: () => new Promise<StoredParts>((resolve, reject) => pending.push({ resolve, reject })),
    isOutage: () => false,
  };
  const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
  /** The reads under way, once at least one is (a full read asks for the mark before the parts). */
  const started = async () => {
    for (let round = 0; round < 100 && pending.length === 0; round++) await tick();
    return pending.splice(0);
  };
  return {
    source,
    waiting: () => pending.length,
    finish: async (name: string) => ((await started()).forEach((entry) => entry.resolve(partsNamed(name))), tick()),
    fail: async (error: Error) => ((await started()).forEach((entry) => entry.reject(error)), tick()),
  };
}

const stateOf = (read: { inputs: { incidentState: unknown } }) => (read.inputs.incidentState as { state: string }).state;
/** Whether `promise` settles before the source is allowed to answer. */
const settlesAlone = async (promise: Promise<unknown>) => Promise.race([promise.then(() => true), new Promise((resolve) => setTimeout(() => resolve(false), 20))]);

/** A model over a gated source whose first read has answered "seeded". */
async function seededModel() {
  const gate = gatedSource();
  const bus = createLocalBus();
  const model = createReadModel(bus, gate.source, { partsMaxAgeMs: 1_000, reseedEveryMs: 3_600_000 });
  const first = model.read(at(0));
  await gate.finish("seeded");
  return { gate, bus, model, seeded: await first };
}

describe("the read model's refresh", () => {
  it("waits for the first read, then answers from what it holds while old parts are read in the background", async () => {
    const gate = gatedSource();
    const model = createReadModel(createLocalBus(), gate.source, { partsMaxAgeMs: 1_000, reseedEveryMs: 3_600_000 });
    try {
      const first = model.read(at(0));
      expect(await settlesAlone(first)).toBe(false);
      await gate.finish("seeded");
      expect(stateOf(await first)).toBe("seeded");

      // 1.5 s later: due, but not 5 × due: answered at once, and a read of the parts is under way.
      const held = model.read(at(1_500));
      expect(await settlesAlone(held)).toBe(true);
      expect(stateOf(await held)).toBe("seeded");
      expect(gate.waiting()).toBe(1);
      await gate.finish("refreshed");
      expect(stateOf(await model.read(at(1_600)))).toBe("refreshed");
    } finally {
      model.close();
    }
  });

  it("waits when an event changed a stored part, and when the held parts are 5 × partsMaxAgeMs old", async () => {
    const { gate, bus, model } = await seededModel();
    try {
      bus.publish({ type: "incident", id: 0, data: {} });
      const afterEvent = model.read(at(100));
      expect(await settlesAlone(afterEvent)).toBe(false);
      await gate.finish("moved");
      expect(stateOf(await afterEvent)).toBe("moved");

      const old = model.read(at(100 + 5_001));
      expect(await settlesAlone(old)).toBe(false);
      await gate.finish("late");
      expect(stateOf(await old)).toBe("late");
    } finally {
      model.close();
    }
  });

  // read.ts makes a read wait for a new build when partsVersion moves: so it must move after an event (a
  // read after its own write sees it), and not after a refresh the clock alone made due (every second).
  it("moves partsVersion with a change storage announced, and only version with a refresh the clock made due", async () => {
    const { gate, bus, model, seeded } = await seededModel();
    try {
      await model.read(at(1_500));
      await gate.finish("refreshed");
      const refreshed = await model.read(at(1_600));
      expect(stateOf(refreshed)).toBe("refreshed");
      expect(refreshed.version).toBeGreaterThan(seeded.version);
      expect(refreshed.partsVersion).toBe(seeded.partsVersion);

      bus.publish({ type: "incident", id: 0, data: {} });
      const afterEvent = model.read(at(1_700));
      await gate.finish("moved");
      expect((await afterEvent).partsVersion).toBeGreaterThan(refreshed.partsVersion);
    } finally {
      model.close();
    }
  });

  it("makes the next read wait, and fail, when a background read fails with anything but an outage", async () => {
    const { gate, model } = await seededModel();
    try {
      expect(stateOf(await model.read(at(1_500)))).toBe("seeded");
      await gate.fail(new Error("a bug"));
      const next = model.read(at(1_600));
      expect(await settlesAlone(next)).toBe(false);
      await gate.fail(new Error("a bug"));
      await expect(next).rejects.toThrow("a bug");
    } finally {
      model.close();
    }
  });
});
