import "server-only";
import { AppError } from "../errors";
import { getRuntime } from "../runtime";

// Bounds of `GET /api/events` (issue 10, bug 3): a client that stops reading must not make the server queue
// every event forever. A stream whose unsent bytes pass SSE_MAX_QUEUED_BYTES, or whose socket takes nothing
// for SSE_MAX_BEHIND_MS while events wait, is closed (the browser comes back with Last-Event-ID), the number
// of open streams is capped per user and in all, and a resume that would replay more than SSE_REPLAY_LIMIT
// timeline entries is answered with a `resync` event instead.

/** Unsent bytes one stream may hold (beyond what the socket took) before it is closed as a slow reader. */
export const SSE_MAX_QUEUED_BYTES = 512 * 1024;
/**
 * How long a stream's socket may take nothing while events wait before the stream is closed as a slow
 * reader: component events coalesce (lib/events/coalesce.ts), so a stalled socket that only they reach
 * never passes the byte bound; this bounds how long it holds a connection.
 */
export const SSE_MAX_BEHIND_MS = 30_000;
/** Default of HANDBACK_SSE_MAX_STREAMS_PER_USER: streams one token name (or anonymous client address) may hold on one instance. */
export const SSE_MAX_STREAMS_PER_USER = 100;
/** Default of HANDBACK_SSE_MAX_STREAMS: open streams one instance serves at most. */
const SSE_MAX_STREAMS = 1_000;
/** Timeline entries a resume (Last-Event-ID) or a gap replays at most; past it the client gets `resync`. */
export const SSE_REPLAY_LIMIT = 1_000;
/** Seconds a refused client is told to wait (Retry-After). */
const SSE_RETRY_AFTER_SECONDS = 10;

/** One open stream as the registry sees it. */
interface OpenStream {
  user: string | null;
  queuedBytes: () => number;
}

/** The open streams of this process: the cap, and the figures a bench or /api/metrics may read. */
export interface StreamRegistry {
  /** Registers a stream or throws AppError RATE_LIMITED (429, per user) / OVERLOADED (503, in all); user null: the total cap only. */
  open(user: string | null, queuedBytes: () => number): () => void;
  count(): number;
  /** The unsent bytes of every open stream together. */
  queuedBytes(): number;
  /** Streams closed because their reader fell SSE_MAX_QUEUED_BYTES behind, since start. */
  slowReaderCloses(): number;
  noteSlowReader(): void;
}

/** A registry with the given caps (defaults: the exported constants). */
export function createStreamRegistry(perUser = SSE_MAX_STREAMS_PER_USER, total = SSE_MAX_STREAMS): StreamRegistry {
  const streams = new Set<OpenStream>();
  let slow = 0;
  const retryAfter = SSE_RETRY_AFTER_SECONDS;
  return {
    open(user, queuedBytes) {
      if (streams.size >= total) throw new AppError("OVERLOADED", `this server holds ${total} live streams already; try again later`, { retryAfter });
      const mine = user === null ? 0 : [...streams].filter((stream) => stream.user === user).length;
      if (mine >= perUser) throw new AppError("RATE_LIMITED", `at most ${perUser} live streams per user; close a tab`, { retryAfter });
      const entry = { user, queuedBytes };
      streams.add(entry);
      return () => void streams.delete(entry);
    },
    count: () => streams.size,
    queuedBytes: () => [...streams].reduce((sum, stream) => sum + stream.queuedBytes(), 0),
    slowReaderCloses: () => slow,
    noteSlowReader: () => void (slow += 1),
  };
}

// Next bundles each route separately; like lib/runtime.ts the registry lives on globalThis.
const KEY = Symbol.for("handback.sse-streams");
type GlobalWithStreams = typeof globalThis & { [KEY]?: StreamRegistry };

/** The process's stream registry, with the caps of HANDBACK_SSE_MAX_STREAMS(_PER_USER). */
export function getStreamRegistry(): StreamRegistry {
  const store = globalThis as GlobalWithStreams;
  const { env } = getRuntime();
  store[KEY] ??= createStreamRegistry(env.HANDBACK_SSE_MAX_STREAMS_PER_USER, env.HANDBACK_SSE_MAX_STREAMS);
  return store[KEY];
}
