import "server-only";
import { randomBytes } from "node:crypto";
import { setMaxListeners } from "node:events";
import { hostname } from "node:os";
import type { ComponentConfig, IncidentConfig } from "../config";
import { claimSlots, insertScreenshot, latestResults, listComponentStates, listTimeline, pruneClaims, slotOf, StorageError, type Db, type SlotClaim } from "../db";
import type { EventBus } from "../events/bus";
import { DEFAULT_LOCATION } from "../locations";
import { log } from "../log";
import { settledWithin } from "../shutdown";
import { runProbe, type BrowserSettings } from "../probes";
import type { ProbeResult } from "../probes/types";
import type { ComponentStatus, StorageState } from "../types";
import { judgeResult, type Judgement } from "./judge";
import { keptHeaders } from "./kept-headers";
import { bufferedBytes, recordCheck, recordGroup, trimForBuffer, type CheckRecord, type StoredCheck } from "./record-check";
import { createResultBuffer, isTransientStorageError, type ResultBufferOptions } from "./result-buffer";
import { startScheduler, type Scheduler } from "./scheduler";
import { applyVerdict, confirmingOf, INITIAL_STATE, retryingOf, type ComponentState } from "./status-machine";
import { createWriteBatch, type WriteBatchOptions } from "./write-batch";
import { messageOf } from "../message-of";

/** What one check of one component produced, as `POST /api/probes/run` returns it. */
export interface CheckOutcome {
  componentId: string;
  status: ComponentStatus;
  verdict: Judgement["verdict"];
  error: Judgement["error"];
  outcomes: Judgement["outcomes"];
  /** Without the screenshot: that is stored beside the result and served as a PNG of its own. */
  result: Omit<ProbeResult, "screenshot">;
  resultId: number | null;
}

/** The running probe engine of one process. */
export interface ProbeEngine {
  runNow(ids?: string[]): Promise<CheckOutcome[]>;
  stats(): ReturnType<Scheduler<CheckOutcome>["stats"]>;
  /** Whether results are waiting in memory for storage (the page says "storage degraded"). */
  storage(): StorageState;
  /**
   * Stops scheduling. Probes in flight get `graceMs` (default 0) to finish and be stored; the rest are
   * aborted and recorded nowhere, since an aborted run says nothing about its target. Then the buffer
   * makes one last attempt to write what it holds.
   */
  stop(options?: { graceMs?: number }): Promise<void>;
}

/** Everything the engine needs; `manual` runs checks only on request (CLI, tests). */
export interface EngineOptions {
  config: IncidentConfig;
  db: Db;
  bus: EventBus;
  concurrency: number;
  location?: string;
  manual?: boolean;
  /**
   * Several instances share this database: each scheduled check first claims its slot (component,
   * location, floor(planned time / interval)) and is skipped when another instance has it. runNow()
   * never claims. No lease: a dead instance's components are claimed by a survivor at the next slot.
   */
  claims?: boolean;
  /** Extra trusted CA certificates (the fault lab's CA in the demo). */
  ca?: string[];
  /** DNS servers for target names (HANDBACK_DNS_SERVERS); unset: /etc/resolv.conf's. */
  dnsServers?: string[];
  /** The Chromium browser probes drive (CHROMIUM_PATH, HANDBACK_BROWSER_CONCURRENCY). */
  browser?: BrowserSettings;
  /** Called after each check is stored and published (the workflow re-evaluates criteria). */
  onChecked?: (outcome: CheckOutcome) => void;
  /** Storage-outage buffer tuning (capacity, retry delays); tests shorten the delays. */
  buffer?: Omit<ResultBufferOptions<CheckRecord>, "write" | "onRecovered">;
  /** Group commit of finished checks (window, size cap); tests shorten or lengthen the window. */
  writeBatch?: Omit<WriteBatchOptions<CheckRecord, StoredCheck>, "write">;
}

/** Streaks are per component AND location: each location has its own (shared by the instances there). */
const stateKey = (componentId: string, location: string) => `${componentId}\u0000${location}`;

/** Streaks from component_states; a store written before it existed falls back to the latest results' statuses. */
async function seedStates(db: Db, incidentId: string): Promise<{ states: Map<string, ComponentState>; lastEventId: number }> {
  const [stored, results, newest] = await Promise.all([listComponentStates(db, incidentId), latestResults(db, incidentId), listTimeline(db, incidentId, { limit: 1 })]);
  const states = new Map(results.map((row) => [stateKey(row.componentId, row.location), { ...INITIAL_STATE, status: row.status ?? "unknown" }]));
  for (const row of stored) states.set(stateKey(row.componentId, row.location), { status: row.status, failures: row.failures, successes: row.successes });
  return { states, lastEventId: newest[0]?.id ?? 0 };
}

// Claims only matter while their slot is current; older ones are pruned now and then.
const CLAIM_PRUNE_EVERY_MS = 10 * 60_000;
const CLAIM_KEEP_MS = 60 * 60_000;
// The claims of scheduled checks that start within this window of each other go to storage in one
// statement: one transaction per window instead of one per probe (200/s at 2,000 components every 10 s),
// for a check that starts at most this much later.
const CLAIM_WINDOW_MS = 25;

/** Starts probing every component of the config; each result is persisted, then published. */
export async function startEngine(options: EngineOptions): Promise<ProbeEngine> {
  const { config, db, bus } = options;
  const location = options.location ?? DEFAULT_LOCATION;
  const { states, lastEventId } = await seedStates(db, config.incident.id);
  let lastId = lastEventId;
  // Unknown verdicts in a row per component × location, this process only: they pace retries, not statuses.
  const unknownStreaks = new Map<string, number>();
  const abort = new AbortController();
  let stopping = false;
  // Every probe in flight (at most `concurrency`) listens on this one signal, which stop() aborts.
  setMaxListeners(options.concurrency + 10, abort.signal);

  /** Publishes a stored record's timeline entry (persist, then publish); null when its slot was already stored. */
  async function settle(record: CheckRecord, write: Promise<StoredCheck>): Promise<StoredCheck | null> {
    let stored: StoredCheck;
    try {
      stored = await write;
    } catch (error) {
      // A slotted result hits the unique (component, location, slot) index when another instance stored
      // that slot already (a claim lost to a storage blip): the slot is recorded, which is all that counts.
      if (record.slot !== undefined && error instanceof StorageError && error.code === "CONFLICT") return null;
      throw error;
    }
    if (stored.timeline) {
      lastId = Math.max(lastId, stored.timeline.id);
      bus.publish({ type: "timeline", id: stored.timeline.id, data: stored.timeline });
    }
    return stored;
  }

  // A check holds its concurrency slot until its write commits: once every slot waits for the window, no
  // other check can come, so a group of `concurrency` goes at once instead of idling the probes.
  const maxItems = Math.min(100, options.concurrency);
  const batch = createWriteBatch<CheckRecord, StoredCheck>({ write: (records) => recordGroup(db, config.incident.id, records), maxItems, ...options.writeBatch });
  const buffer = createResultBuffer<CheckRecord>({ sizeOf: bufferedBytes, ...options.buffer, write: async (record) => void (await settle(record, recordCheck(db, config.incident.id, record))) });

  /** Stores the record, or queues it while storage is away (null); a storage failure never changes a status. */
  async function persist(record: CheckRecord): Promise<StoredCheck | null> {
    // Records queued earlier go first: writing this one directly would put it ahead of them.
    if (buffer.holding()) {
      buffer.push(trimForBuffer(record));
      return null;
    }
    try {
      return await settle(record, batch.submit(record));
    } catch (error) {
      if (isTransientStorageError(error)) {
        buffer.push(trimForBuffer(record));
        return null;
      }
      log.warn(`result of ${record.component.id} not stored: ${messageOf(error)}`);
      return null;
    }
  }

  /** Stores a browser probe's evidence beside its result; losing it costs a picture, never a status. */
  function keepScreenshot(componentId: string, resultId: number, takenAt: string, png: Buffer): void {
    void insertScreenshot(db, config.incident.id, { resultId, componentId, takenAt, png }).catch((error: unknown) =>
      log.warn(`screenshot of ${componentId} not stored: ${messageOf(error)}`),
    );
  }

  /** One probe run, judged, stored and published; null when stop() came first or aborted it (no evidence). */
  async function check(component: ComponentConfig, scheduledAt?: number): Promise<CheckOutcome | null> {
    if (stopping) return null; // queued behind the concurrency limit when stop() came
    const keepHeaders = keptHeaders(component, config.criteria);
    const { screenshot, ...result } = await runProbe(component.probe, { timeoutMs: component.timeout, signal: abort.signal, ca: options.ca, dnsServers: options.dnsServers, browser: options.browser, keepHeaders });
    // An aborted run is not a failure of the target: storing it would call a component down for a restart.
    if (result.error?.code === "ABORTED") return null;
    const judgement = judgeResult(component, result);
    const key = stateKey(component.id, location);
    const prior = states.get(key) ?? INITIAL_STATE;
    // Only claimed (scheduled) runs carry a slot; manual runs and single-instance schedules store none.
    const slot = options.claims && scheduledAt !== undefined ? slotOf(scheduledAt, component.interval) : undefined;
    const stored = await persist({ incidentId: config.incident.id, component, location, result, judgement, prior, slot });
    if (screenshot && stored) keepScreenshot(component.id, stored.resultId, result.checkedAt, screenshot);
    // The stored state counts every instance's results; while storage is away, this process's own streak decides.
    const next = stored?.state ?? applyVerdict(prior, judgement.verdict, component);
    states.set(key, next);
    if (judgement.verdict === "unknown") unknownStreaks.set(key, (unknownStreaks.get(key) ?? 0) + 1);
    else unknownStreaks.delete(key);
    const outcome = { componentId: component.id, status: next.status, verdict: judgement.verdict, error: judgement.error, outcomes: judgement.outcomes, result, resultId: stored?.resultId ?? null };
    bus.publish({ type: "component", id: lastId, data: { id: component.id, location, status: next.status, checkedAt: result.checkedAt, latencyMs: result.latencyMs, error: judgement.error, confirming: confirmingOf(next, component) } });
    options.onChecked?.(outcome);
    return outcome;
  }

  const instance = `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
  let claimWarned = false;
  const claimBatch = createWriteBatch<SlotClaim, boolean>({
    write: async (items) => (await claimSlots(db, config.incident.id, items)).map((value) => ({ value })),
    windowMs: CLAIM_WINDOW_MS,
  });
  /** Claims a scheduled slot; when storage cannot answer, probes anyway (the slot index dedupes the write). */
  async function claim(component: { id: string; interval: number }, scheduledAt: number): Promise<boolean> {
    try {
      const owned = await claimBatch.submit({ componentId: component.id, location, slot: slotOf(scheduledAt, component.interval), instance });
      claimWarned = false;
      return owned;
    } catch (error) {
      if (!claimWarned) log.warn(`slot claims unavailable, probing anyway: ${messageOf(error)}`);
      claimWarned = true;
      return true;
    }
  }
  const claims = options.claims && !options.manual;
  const pruner = claims ? setInterval(() => void pruneClaims(db, config.incident.id, new Date(Date.now() - CLAIM_KEEP_MS)).catch(() => undefined), CLAIM_PRUNE_EVERY_MS) : null;
  pruner?.unref();

  const byId = new Map(config.components.map((component) => [component.id, component]));
  /** Whether a streak is under way at this location, or an unknown is being retried: the scheduler then re-probes after retryInterval. */
  const retrying = ({ id }: { id: string }) => {
    const component = byId.get(id);
    const key = stateKey(id, location);
    return component !== undefined && retryingOf(states.get(key) ?? INITIAL_STATE, unknownStreaks.get(key) ?? 0, component);
  };
  const scheduler = startScheduler(config.components, check, {
    concurrency: options.concurrency,
    jitter: 0.2,
    manual: options.manual,
    claim: claims ? claim : undefined,
    retrying,
  });
  return {
    async runNow(ids) {
      return [...(await scheduler.runNow(ids)).values()].filter((outcome) => outcome !== null);
    },
    stats: () => scheduler.stats(),
    storage: () => buffer.state(),
    async stop({ graceMs = 0 } = {}) {
      stopping = true;
      if (pruner) clearInterval(pruner);
      const settled = scheduler.stop();
      // From now on a finished check is written at once instead of at the end of its window.
      const drained = batch.drain();
      if (graceMs > 0) await settledWithin(settled, graceMs);
      abort.abort();
      await settled;
      await drained;
      await buffer.stop();
    },
  };
}
