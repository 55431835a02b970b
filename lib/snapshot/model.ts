import type { CriterionStateRow, LatestResultRow, TimelineEvent } from "../db";
import { PROGRESS_ENTRY_TYPES } from "../incident/progress";
import { CRITERIA_EVALUATED, type BusEvent, type CriteriaEvaluatedData, type EventBus } from "../events/bus";
import type { ComponentEventData } from "../types";
import type { SnapshotInputs } from "./build";

// The read model behind `GET /api/status` (docs/architecture.md "Read model"). Reading the newest result of
// every component × location was most of a status read (≈60–300 ms at 2,000 components); here those rows
// live in memory, kept current by the same `component` events the SSE stream carries, so a read scans no
// results. The small stored parts (incident state, criteria, tests, phases and cadence):
// - are read again before the next read is answered after an event that changes them (of the timeline,
//   only the entries progress reads: phases and updates);
// - take a criterion's evidence, rewritten by every evaluation (up to 5 a second under load), from the
//   bus-only CRITERIA_EVALUATED that carries it: a read waiting on storage for each was most of its time;
// - are read again in the background once older than PARTS_MAX_AGE_MS: phases and cadence move with the clock.
// Everything is read from storage again at the first use, after a storage outage, when the newest result id
// has grown by more than the component events heard since (a location worker without REDIS_URL writes
// results this process hears nothing of), and every RESEED_EVERY_MS: pub/sub (Redis) drops events while
// disconnected, and storage is the authority.

/** The stored parts other than the results: a handful of small rows, cheap to read again. */
export type StoredParts = Omit<SnapshotInputs, "latestResults">;

/** Where the model reads from; lib/snapshot/read.ts gives the storage reads (one place, for #13's incident id). */
export interface ReadModelSource {
  readResults(): Promise<LatestResultRow[]>;
  /** The newest result id: it grows past the events heard when something wrote results without an event here. */
  readResultsMark(): Promise<number>;
  readParts(now: Date): Promise<StoredParts>;
  /** A storage outage (the model then serves what it holds); any other error reaches the caller. */
  isOutage(error: unknown): boolean;
}

/** What a read gets: the inputs of buildSnapshot, the model's version and since when storage has failed. */
export interface ModelRead {
  inputs: SnapshotInputs;
  /** Changes whenever the inputs may have changed: a build cached for one version stays valid for it. */
  version: number;
  /**
   * Changes when a read of the stored parts settled a change storage announced (an event), or reseeded; not
   * with each result, nor with a read that only the clock made due. lib/snapshot/read.ts reuses a build
   * briefly within one, and makes a read wait for a new build when it changes.
   */
  partsVersion: number;
  outageSince: string | null;
}

export interface ReadModel {
  read(now: Date): Promise<ModelRead>;
  close(): void;
}

/** Tuning; tests shorten it. */
export interface ReadModelOptions {
  partsMaxAgeMs?: number;
  reseedEveryMs?: number;
}

const PARTS_MAX_AGE_MS = 1_000;
/**
 * Parts older than PARTS_MAX_AGE_MS are read again in the background while the held ones answer (a read
 * waiting on storage every second was a status read's p95: PGlite serves one query at a time, behind the
 * probe writes); past WAIT_AFTER × that age, a read waits. A change through an event always waits.
 */
const WAIT_AFTER = 5;
const RESEED_EVERY_MS = 60_000;
/** Events that change a stored part: the parts are read again before the next read is answered. */
const PART_EVENTS = new Set<BusEvent["type"]>(["criterion", "incident", "test-run"]);

const keyOf = (componentId: string, location: string) => `${componentId}\u0000${location}`;

/**
 * The row a `component` event stands for. The event carries the streak only as `confirming`; counters that
 * give the same `confirmingOf` are kept (it is all the snapshot reads of them). Evidence columns the
 * snapshot does not show stay empty: these rows serve the snapshot only.
 */
export function rowOfEvent(data: ComponentEventData): LatestResultRow {
  const confirming = data.confirming ?? null;
  return {
    id: 0,
    componentId: data.id,
    location: data.location ?? "default",
    checkedAt: data.checkedAt,
    ok: data.status === "operational" || data.status === "degraded",
    status: data.status,
    latencyMs: data.latencyMs,
    errorCode: data.error?.code ?? null,
    errorMessage: data.error ? data.error.message : null,
    phases: null,
    certificateExpiration: null,
    failures: confirming?.verdict === "fail" ? confirming.count : 0,
    successes: confirming?.verdict === "pass" ? confirming.count : 0,
  };
}

/** Keeps `row` unless an at least as new one is held (storage's order: newest checked_at, then the later write). */
function keepNewest(results: Map<string, LatestResultRow>, row: LatestResultRow): void {
  const key = keyOf(row.componentId, row.location);
  const held = results.get(key);
  if (!held || Date.parse(row.checkedAt) >= Date.parse(held.checkedAt)) results.set(key, row);
}

/** Starts following `bus`; the first read() reads storage. */
export function createReadModel(bus: EventBus, source: ReadModelSource, options: ReadModelOptions = {}): ReadModel {
  const partsMaxAgeMs = options.partsMaxAgeMs ?? PARTS_MAX_AGE_MS;
  const reseedEveryMs = options.reseedEveryMs ?? RESEED_EVERY_MS;
  let results = new Map<string, LatestResultRow>();
  let parts: StoredParts | null = null;
  let partsReadAt = 0;
  let seededAt = 0;
  let reseed = true;
  let version = 0;
  // Generations: an event bumps `changed`; a read of the parts that began at generation g settles up to g.
  let changed = 0;
  let settled = 0;
  // Component events that arrive while the results are being read are applied again on top of what was read.
  let sinceRead: LatestResultRow[] | null = null;
  // Likewise the newest evaluation heard while the parts are being read (it is at least as new as the read).
  let evaluatedDuringSync: CriterionStateRow[] | null = null;
  let partsSyncing = false;
  // The newest result id at the last full read, and the component events heard since it was read.
  let mark = 0;
  let heard = 0;
  // The newest id seen at the previous check: a result written before it has had a whole check's time
  // (≥ partsMaxAgeMs) to be heard. The newest id of this instant would count writes whose events are on
  // their way (published just after the commit) and read everything again at every check under load.
  let previousNewest = 0;
  let partsVersion = 0;
  let outageSince: string | null = null;
  let syncing: Promise<void> | null = null;

  const unsubscribe = bus.subscribe((event) => {
    if (event.type === "component") {
      const row = rowOfEvent(event.data as ComponentEventData);
      keepNewest(results, row);
      sinceRead?.push(row);
      heard++;
      version++;
    } else if (event.type === CRITERIA_EVALUATED) {
      // The evidence comes with the event: no storage read, and no read waits for one.
      const rows = (event.data as CriteriaEvaluatedData | null)?.criterionStates;
      if (!rows || !parts) return void changed++;
      parts = { ...parts, criterionStates: rows };
      if (partsSyncing) evaluatedDuringSync = rows;
      version++;
    } else if (event.type === "timeline") {
      // A transition or a note changes no stored part; the criterion or incident event beside one does.
      if (PROGRESS_ENTRY_TYPES.has((event.data as TimelineEvent | null)?.type ?? "")) changed++;
    } else if (PART_EVENTS.has(event.type)) {
      changed++;
    }
  });

  const withEvaluation = (read: StoredParts): StoredParts => (evaluatedDuringSync ? { ...read, criterionStates: evaluatedDuringSync } : read);

  async function sync(now: Date): Promise<void> {
    const generation = changed;
    // A read that waits for this sync must get a build that shows what it waited for (lib/snapshot/read.ts).
    const news = reseed || generation > settled;
    partsSyncing = true;
    try {
      let full = reseed || now.getTime() - seededAt > reseedEveryMs;
      if (!full) {
        const [read, newest] = await Promise.all([source.readParts(now), source.readResultsMark()]);
        parts = withEvaluation(read);
        // Results written unheard: everything is read again. (Events of writes just after `mark` heard before
        // `heard` was reset count as unheard: one read too many, never one too few.)
        full = previousNewest - mark > heard;
        previousNewest = newest;
      }
      if (full) {
        const newest = await source.readResultsMark();
        heard = 0;
        sinceRead = [];
        const [rows, read] = await Promise.all([source.readResults(), source.readParts(now)]);
        const next = new Map<string, LatestResultRow>();
        for (const row of rows) keepNewest(next, row);
        for (const row of sinceRead) keepNewest(next, row);
        results = next;
        parts = withEvaluation(read);
        mark = newest;
        previousNewest = newest;
        seededAt = now.getTime();
        reseed = false;
      }
      partsReadAt = now.getTime();
      settled = generation;
      outageSince = null;
      version++;
      if (news) partsVersion++;
    } catch (error) {
      if (!parts || !source.isOutage(error)) throw error;
      // What is held stands in; everything is read again once storage answers.
      outageSince ??= now.toISOString();
      reseed = true;
    } finally {
      sinceRead = null;
      partsSyncing = false;
      evaluatedDuringSync = null;
    }
  }

  // Nothing is held, storage is known to differ (an event), or what is held is too old: the read waits.
  const mustWait = (now: Date) => reseed || settled < changed || now.getTime() - partsReadAt > WAIT_AFTER * partsMaxAgeMs;
  // The clock alone says so: phases and cadence move, an unheard write may be waiting, the reseed is due.
  const due = (now: Date) => now.getTime() - partsReadAt > partsMaxAgeMs || now.getTime() - seededAt > reseedEveryMs;
  const refresh = (now: Date) => (syncing ??= sync(now).finally(() => (syncing = null)));

  return {
    async read(now) {
      // Twice at most: an event during the first sync may predate its read; a steady stream must not starve the reader.
      for (let round = 0; round < 2 && mustWait(now) && !(round > 0 && outageSince); round++) await refresh(now);
      // Read again in the background; this read answers from what is held. A failure that is not an
      // outage makes the next read wait for storage, so the error reaches a caller.
      if (due(now)) refresh(now).catch(() => (reseed = true));
      return { inputs: { ...parts!, latestResults: [...results.values()] }, version, partsVersion, outageSince };
    },
    close: unsubscribe,
  };
}
