import "server-only";
import { StorageError } from "../db/errors";
import { log } from "../log";
import type { StorageState } from "../types";
import { messageOf } from "../message-of";

// When storage goes away, probing goes on (docs/architecture.md "Storage and scale"): results wait here, bounded in number and in bytes,
// oldest dropped with a count, and a flusher writes them in order once storage answers again. The buffer lives in memory only, so
// a restart during an outage loses what it holds; that is the price of not needing a second store.

/** Options of createResultBuffer; the delays double after each failed attempt, up to maxRetryMs. */
export interface ResultBufferOptions<T> {
  /** Stores one record; a StorageError that is STORAGE_UNAVAILABLE or STORAGE_TIMEOUT means "retry later". */
  write: (record: T) => Promise<void>;
  /** Records kept at most; the oldest is dropped (and counted) beyond it. Default 10,000. */
  capacity?: number;
  /** Bytes kept at most, as `sizeOf` counts them; the oldest are dropped (and counted) beyond it. Default 32 MB. */
  maxBytes?: number;
  /** The approximate size of a record in bytes (default: its JSON). */
  sizeOf?: (record: T) => number;
  /** First retry delay (default 2 s). */
  retryMs?: number;
  /** Longest retry delay (default 30 s). */
  maxRetryMs?: number;
  /** Called once the buffer is empty again after an outage. */
  onRecovered?: (state: StorageState) => void;
}

/** A bounded, ordered queue of records waiting for storage, with its own flusher. */
export interface ResultBuffer<T> {
  /** True while records wait: new records must queue behind them to keep their order. */
  holding(): boolean;
  /** Queues a record that storage refused, and starts the flusher. */
  push(record: T): void;
  state(): StorageState;
  /**
   * Stops the flusher after the write in flight, then makes one last pass (storage may be back while the
   * records wait for their retry timer); what is still queued after that is logged as lost.
   */
  stop(): Promise<void>;
}

const DEFAULT_MAX_BYTES = 32 * 1024 * 1024;

/** A record's size as JSON text, in bytes. */
function jsonBytes(record: unknown): number {
  return Buffer.byteLength(JSON.stringify(record) ?? "");
}

/** True for the storage errors that pass: the server is down or slow, not the statement wrong. */
export function isTransientStorageError(error: unknown): error is StorageError {
  return error instanceof StorageError && (error.code === "STORAGE_UNAVAILABLE" || error.code === "STORAGE_TIMEOUT");
}

/** Creates an empty buffer; nothing runs until the first push. */
export function createResultBuffer<T>(options: ResultBufferOptions<T>): ResultBuffer<T> {
  const capacity = options.capacity ?? 10_000;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const sizeOf = options.sizeOf ?? jsonBytes;
  const retryMs = options.retryMs ?? 2_000;
  const maxRetryMs = options.maxRetryMs ?? 30_000;
  const queue: { record: T; bytes: number }[] = [];
  let bytes = 0;
  let dropped = 0;
  let since: string | null = null;
  let failures = 0;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> | null = null;
  // The record being written: a full queue must not drop it from under the flusher.
  let writing: { record: T } | null = null;
  let stopped = false;

  const state = (): StorageState => ({ degraded: since !== null, buffered: queue.length, dropped, since });

  const schedule = () => {
    if (stopped || timer || inFlight) return;
    const delay = Math.min(retryMs * 2 ** Math.min(failures, 16), maxRetryMs);
    timer = setTimeout(() => {
      timer = undefined;
      inFlight = flush().then((again) => {
        inFlight = null;
        if (again) schedule();
      });
    }, delay);
  };

  /** Writes the queue head first, one record at a time; true when a transient failure calls for a retry. */
  async function flush(last = false): Promise<boolean> {
    while (queue.length > 0 && (!stopped || last)) {
      writing = { record: queue[0]!.record };
      try {
        await options.write(writing.record);
      } catch (error) {
        if (isTransientStorageError(error)) {
          writing = null;
          failures += 1;
          return true;
        }
        // A statement storage rejects will be rejected on every retry: drop it rather than block the queue.
        log.error(`buffered result dropped, storage rejected it: ${messageOf(error)}`);
        dropped += 1;
      }
      bytes -= queue.shift()!.bytes;
      writing = null;
      failures = 0;
    }
    if (queue.length > 0 || stopped) return false;
    const recovered = state();
    log.info(`storage recovered: buffered results written (degraded since ${since}; ${dropped} dropped in all)`);
    since = null;
    options.onRecovered?.(recovered);
    return false;
  }

  return {
    holding: () => queue.length > 0,
    push(record) {
      if (since === null) {
        since = new Date().toISOString();
        log.warn("storage degraded: results are buffered in memory until it answers again");
      }
      const size = sizeOf(record);
      queue.push({ record, bytes: size });
      bytes += size;
      // Oldest first, but never the record being written (the flusher holds it); the newest may go too
      // when it alone is over the byte bound.
      const keep = writing ? 1 : 0;
      while (queue.length > keep && (queue.length > capacity || bytes > maxBytes)) {
        bytes -= queue.splice(keep, 1)[0]!.bytes;
        dropped += 1;
      }
      schedule();
    },
    state,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      timer = undefined;
      await inFlight;
      if (queue.length === 0) return;
      const held = queue.length;
      await flush(true);
      if (queue.length > 0) log.warn(`${queue.length} buffered results were not written before the engine stopped`);
      else log.info(`storage: the ${held} buffered results were written before the engine stopped`);
    },
  };
}
