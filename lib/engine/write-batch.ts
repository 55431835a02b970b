// Group commit for finished checks (docs/storage.md "Batched writes"): on the embedded store every
// transaction costs BEGIN, COMMIT and a WAL flush on the one thread that also serves pages, so results
// that finish within `windowMs` (default 50 ms) of each other, up to `maxItems` (default 100), go to
// storage in one write. One write is in flight at a time; items keep their submission order within and
// across writes. What waits here is in memory only: a crash loses at most one window of results, none of
// them published yet (persist, then publish).

/** How one item of a write came out: its value, or the error that kept it from storage. */
export type Settled<R> = { value: R } | { error: unknown };

/** Options of createWriteBatch. */
export interface WriteBatchOptions<T, R> {
  /** Stores items in order and says how each came out; a throw fails every item of the write with that error. */
  write: (items: T[]) => Promise<Settled<R>[]>;
  /** How long the first waiting item waits for others (default 50 ms). */
  windowMs?: number;
  /** Items per write at most; a full batch goes at once (default 100). */
  maxItems?: number;
}

/** A queue of items that storage receives in groups. */
export interface WriteBatch<T, R> {
  /** Queues an item; resolves with its value once its write has committed, rejects with its error. */
  submit(item: T): Promise<R>;
  /** Writes what waits now and everything submitted later without waiting (shutdown); resolves when all is written. */
  drain(): Promise<void>;
}

interface Waiting<T, R> {
  item: T;
  resolve: (value: R) => void;
  reject: (error: unknown) => void;
}

/** Creates an empty batch writer; nothing runs until the first submit. */
export function createWriteBatch<T, R>(options: WriteBatchOptions<T, R>): WriteBatch<T, R> {
  const windowMs = options.windowMs ?? 50;
  const maxItems = options.maxItems ?? 100;
  const queue: Waiting<T, R>[] = [];
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> | null = null;
  let draining = false;

  /** Writes the head of the queue, then goes on while items wait (they waited through that write already). */
  async function flush(): Promise<void> {
    while (queue.length > 0) {
      const group = queue.splice(0, maxItems);
      let settled: Settled<R>[];
      try {
        settled = await options.write(group.map((waiting) => waiting.item));
      } catch (error) {
        settled = group.map(() => ({ error }));
      }
      group.forEach((waiting, index) => {
        const outcome = settled[index] ?? { error: new Error("the batch write returned no outcome for this item") };
        if ("value" in outcome) waiting.resolve(outcome.value);
        else waiting.reject(outcome.error);
      });
    }
  }

  const start = () => {
    clearTimeout(timer);
    timer = undefined;
    if (inFlight) return;
    inFlight = flush().finally(() => {
      inFlight = null;
      // An item submitted after flush() saw the queue empty, but before this ran, would wait for nobody.
      if (queue.length > 0) schedule();
    });
  };

  /** Starts a write now (full batch, draining) or when the window closes; a write in flight picks the queue up itself. */
  const schedule = () => {
    if (inFlight) return;
    if (draining || queue.length >= maxItems) start();
    else timer ??= setTimeout(start, windowMs);
  };

  return {
    submit(item) {
      return new Promise<R>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        schedule();
      });
    },
    async drain() {
      draining = true;
      if (queue.length > 0) start();
      while (inFlight) await inFlight;
    },
  };
}
