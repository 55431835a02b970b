import "server-only";
import { promisify } from "node:util";
import { gzip } from "node:zlib";
import type { IncidentConfig } from "../config";
import { getCriterionStates, getIncidentState, latestResults, latestTestRuns, newestResultId, suiteCaseHistory, type DbQuery } from "../db";
import type { StatusSnapshot } from "../types";
import { getBus, getConfig, getDb, getEngine, getRuntime } from "../runtime";
import { readProgress } from "../incident/progress";
import { isTransientStorageError } from "../engine/result-buffer";
import { buildSnapshot, createComponentViewMemo, type SnapshotInputs } from "./build";
import { serializeSnapshot } from "./body";
import { createReadModel, type ReadModel, type StoredParts } from "./model";
import { CASE_HISTORY_RUNS } from "./tests";

// Every storage read of the snapshot is here (issue #13 adds the incident id to each in one place).

/** The stored parts of the snapshot other than the newest results. */
async function readStoredParts(db: DbQuery, config: IncidentConfig, now: Date): Promise<StoredParts> {
  const suites = config.tests.suites.map((suite) => suite.id);
  const [incidentState, criterionStates, testRuns, progress, ...histories] = await Promise.all([
    getIncidentState(db, config.incident.id),
    getCriterionStates(db, config.incident.id),
    latestTestRuns(db, config.incident.id),
    readProgress(db, config, now),
    ...suites.map((suite) => suiteCaseHistory(db, config.incident.id, suite, CASE_HISTORY_RUNS)),
  ]);
  const suiteCases = Object.fromEntries(suites.map((suite, index) => [suite, histories[index] ?? []]));
  return { incidentState, criterionStates, latestTestRuns: testRuns, progress, suiteCases };
}

/** Reads everything the snapshot shows from storage (the read model's seed, and what tests compare it with). */
export async function readSnapshotInputs(db: DbQuery, config: IncidentConfig, now: Date): Promise<SnapshotInputs> {
  const [parts, results] = await Promise.all([readStoredParts(db, config, now), latestResults(db, config.incident.id)]);
  return { ...parts, latestResults: results };
}

/** A read model over `db` following `bus` (lib/snapshot/model.ts). */
export function snapshotSource(db: () => Promise<DbQuery>, config: IncidentConfig) {
  return {
    readResults: async () => latestResults(await db(), config.incident.id),
    readResultsMark: async () => newestResultId(await db()),
    readParts: async (now: Date) => readStoredParts(await db(), config, now),
    isOutage: isTransientStorageError,
  };
}

/** The process's read model, created at first use; it lives in the runtime (globalThis): the page and GET /api/status are separate bundles. */
function readModel(): ReadModel {
  const runtime = getRuntime();
  runtime.readModel ??= createReadModel(getBus(), snapshotSource(getDb, runtime.config));
  return runtime.readModel;
}

/** A snapshot with its body and validator (lib/snapshot/body.ts). */
export interface TaggedSnapshot {
  snapshot: StatusSnapshot;
  /** The JSON body, serialised once per build. */
  body: string;
  etag: string;
  /** The body gzipped, made once per build on first use and shared by its readers. */
  gzipped(): Promise<Uint8Array<ArrayBuffer>>;
}

const gzipAsync = promisify(gzip);

/** `snapshot` with its body, ETag and a gzip made once, when the first reader asks (zlib's thread pool). */
function tag(snapshot: StatusSnapshot): TaggedSnapshot {
  const { body, etag } = serializeSnapshot(snapshot);
  let gzipped: Promise<Uint8Array<ArrayBuffer>> | null = null;
  return { snapshot, body, etag, gzipped: () => (gzipped ??= gzipAsync(body).then((bytes) => new Uint8Array(bytes))) };
}

// A build serves every read of the same model version for up to BUILD_MAX_AGE_MS: staleness and the
// phases move with the clock, so an older build would drift. While results stream in (every one is a new
// version) it serves them too, as long as no stored part changed, and from RESULTS_REUSE_MS on a new build
// is made in the background for the reads after it: so probe results reach a read 0.25–1 s later, a read
// after a write of its own (a move, a sign-off) always waits for a build that shows it, and a read waits
// for a build only then, at start, or once a build is a second old. The page gets results live over SSE,
// and its refetches read `fresh` (below): a held build would take back an event it had already shown.
// `generatedAt` says when a build was taken.
const BUILD_MAX_AGE_MS = 1_000;
const RESULTS_REUSE_MS = 250;
// Unchanged components keep their views and JSON from one build to the next (lib/snapshot/build.ts).
const memo = createComponentViewMemo();
let lastBuild: { version: number; partsVersion: number; at: number; tagged: TaggedSnapshot } | null = null;

/** A build and the model version it was taken at. */
interface Built {
  tagged: TaggedSnapshot;
  version: number;
}

async function buildCurrent(): Promise<Built> {
  const config = getConfig();
  const now = new Date();
  const { inputs, version, partsVersion, outageSince } = await readModel().read(now);
  const built = buildSnapshot(config, inputs, now, memo);
  // While the engine holds results for storage, or storage does not answer, the page says "storage degraded".
  const storage = getEngine()?.storage();
  const snapshot = storage ? { ...built, storage: outageSince ? { ...storage, degraded: true, since: storage.since ?? outageSince } : storage } : built;
  const tagged = tag(snapshot);
  // The engine's storage state is outside the model's version: a degraded build is never reused.
  lastBuild = storage?.degraded || outageSince ? null : { version, partsVersion, at: now.getTime(), tagged };
  return { tagged, version };
}

// Requests that arrive while a snapshot is being built share it.
let building: Promise<Built> | null = null;
const rebuild = () => (building ??= buildCurrent().finally(() => (building = null)));

/**
 * A build taken at `version` or later. A build under way may have read the model before it; the one
 * after it starts once this read has come, so it has read the model since: two builds at most.
 */
async function buildSince(version: number): Promise<TaggedSnapshot> {
  const built = await rebuild();
  return built.version >= version ? built.tagged : (await rebuild()).tagged;
}

// A build is 15–50 ms of main thread at 2,000 components: started in this read's own microtasks, it ran
// before this read's answer was written. It starts once the answer is on its way (setImmediate), and its
// gzip is made at once in zlib's pool, so the next reader does not wait for either.
let refreshQueued = false;
function refreshInBackground(): void {
  if (refreshQueued || building) return;
  refreshQueued = true;
  setImmediate(() => {
    refreshQueued = false;
    // A failed background build leaves the held one; the next read that waits gets the error.
    rebuild().then(({ tagged }) => tagged.gzipped()).catch(() => undefined);
  });
}

/**
 * The current snapshot with its body and ETag (`GET /api/status`). `fresh` (`?fresh=1`) waits for a build
 * that holds every event this process had heard when the read came, instead of one up to a second old: a
 * page refetches after a live event, and an older build would take back what the event showed.
 */
export async function readTaggedSnapshot({ fresh = false }: { fresh?: boolean } = {}): Promise<TaggedSnapshot> {
  const now = new Date();
  const { version, partsVersion } = await readModel().read(now);
  const held = lastBuild?.partsVersion === partsVersion ? lastBuild : null;
  const age = held ? now.getTime() - held.at : Infinity;
  if (fresh && (age >= BUILD_MAX_AGE_MS || held?.version !== version)) return buildSince(version);
  if (!held || age >= BUILD_MAX_AGE_MS) return (await rebuild()).tagged;
  if (held.version !== version && age >= RESULTS_REUSE_MS) refreshInBackground();
  return held.tagged;
}

/** The current snapshot (the pages' first paint). */
export async function readSnapshot(): Promise<StatusSnapshot> {
  return (await readTaggedSnapshot()).snapshot;
}
