import "server-only";
import type { ComponentConfig } from "../config";
import { insertResults, insertTransition, lockComponentStates, saveComponentStates, type Db, type DbQuery, type NewProbeResult, type TimelineEvent } from "../db";
import type { Observations, ProbeResult } from "../probes/types";
import { appendNotified } from "../notify/enqueue";
import type { Judgement } from "./judge";
import type { ComponentStatus } from "../types";
import { isTransientStorageError } from "./result-buffer";
import { applyVerdict, sameState, type ComponentState } from "./status-machine";
import type { Settled } from "./write-batch";

// Raw bodies can be a megabyte; the stored copy keeps enough to read an error page.
const STORED_BODY_CHARS = 2_048;

/** The observations as stored: a long body cut to STORED_BODY_CHARS. */
function storedObservations(result: ProbeResult): Observations {
  const body = result.observations.BODY;
  if (typeof body !== "string" || body.length <= STORED_BODY_CHARS) return result.observations;
  return { ...result.observations, BODY: `${body.slice(0, STORED_BODY_CHARS)}…`, BODY_TRUNCATED: true };
}

/** A judged result about to be stored. */
export interface CheckRecord {
  /** The live incident: a transition raises its notification events under this id (lib/notify/enqueue.ts). */
  incidentId: string;
  component: ComponentConfig;
  location: string;
  result: ProbeResult;
  judgement: Judgement;
  /** This process's state of the component before the check; the stored state wins when there is one. */
  prior: ComponentState;
  /** The scheduled slot when the check was claimed (several instances); a second write for it is a CONFLICT. */
  slot?: number;
}

/**
 * The record as it waits in the storage-outage buffer: the observations already cut to what will be stored,
 * so a megabyte body does not sit in memory for the length of an outage.
 */
export function trimForBuffer(record: CheckRecord): CheckRecord {
  return { ...record, result: { ...record.result, observations: storedObservations(record.result) } };
}

/** What the buffer counts of a record: its result and judgement as JSON (the component config is shared). */
export function bufferedBytes(record: CheckRecord): number {
  return Buffer.byteLength(JSON.stringify([record.result, record.judgement]));
}

/** What recordCheck stored: the result's id, the state it led to, and the timeline entry of a transition. */
export interface StoredCheck {
  resultId: number;
  state: ComponentState;
  timeline: TimelineEvent | null;
}

const pairKey = (componentId: string, location: string) => `${componentId}\u0000${location}`;

/**
 * Applies the verdicts to the stored states of their (component, location) pairs, read under row locks, so
 * thresholds count consecutive results across every instance that probes in turn; then stores the
 * results, the states that changed (a steady component rewrites nothing) and, for each status change, its
 * transition and timeline entry, all in one transaction. Records of one pair apply in the order given.
 */
export async function recordChecks(db: Db, incidentId: string, records: readonly CheckRecord[]): Promise<StoredCheck[]> {
  return db.transaction(async (tx) => {
    const pairs = [...new Map(records.map(({ component, location }) => [pairKey(component.id, location), { componentId: component.id, location }])).values()];
    const stored = new Map((await lockComponentStates(tx, incidentId, pairs)).map((row) => [pairKey(row.componentId, row.location), row as ComponentState]));
    const current = new Map(stored);
    const steps = records.map((record) => {
      const key = pairKey(record.component.id, record.location);
      const prior = current.get(key) ?? record.prior;
      const state = applyVerdict(prior, record.judgement.verdict, record.component);
      current.set(key, state);
      return { record, from: prior.status, state };
    });
    const changed = pairs.filter((pair) => {
      const key = pairKey(pair.componentId, pair.location);
      const before = stored.get(key);
      return before === undefined || !sameState(before, current.get(key)!);
    });
    await saveComponentStates(tx, incidentId, changed.map((pair) => ({ ...pair, ...current.get(pairKey(pair.componentId, pair.location))! })));
    const ids = await insertResults(tx, incidentId, steps.map(({ record, state }) => resultRow(record, state.status)));
    const out: StoredCheck[] = [];
    for (const [index, { record, from, state }] of steps.entries()) {
      const resultId = ids[index] ?? 0;
      out.push({ resultId, state, timeline: from === state.status ? null : await recordTransition(tx, incidentId, record, from, state.status, resultId) });
    }
    return out;
  });
}

/** One record alone (the outage buffer's writes, one at a time): recordChecks of one. */
export async function recordCheck(db: Db, incidentId: string, record: CheckRecord): Promise<StoredCheck> {
  return (await recordChecks(db, incidentId, [record]))[0]!;
}

/**
 * Stores a group of records in one transaction (recordChecks). When storage rejects the group for a reason
 * that is not an outage (a slot another instance stored, a row the schema refuses), each record is tried
 * alone, so one bad record keeps only itself out; an outage fails the whole group for the buffer to retry.
 */
export async function recordGroup(db: Db, incidentId: string, records: readonly CheckRecord[]): Promise<Settled<StoredCheck>[]> {
  try {
    return (await recordChecks(db, incidentId, records)).map((value) => ({ value }));
  } catch (error) {
    if (records.length === 1 || isTransientStorageError(error)) throw error;
    const settled: Settled<StoredCheck>[] = [];
    for (const record of records) settled.push(await recordCheck(db, incidentId, record).then((value) => ({ value }), (alone: unknown) => ({ error: alone })));
    return settled;
  }
}

/** The probe_results row of a record, with the status it led to. */
function resultRow({ component, location, result, judgement, slot }: CheckRecord, status: ComponentStatus): NewProbeResult {
  return {
    componentId: component.id,
    location,
    checkedAt: result.checkedAt,
    ok: judgement.verdict === "pass" || judgement.verdict === "degraded",
    status,
    latencyMs: result.latencyMs,
    errorCode: judgement.error?.code ?? null,
    errorMessage: judgement.error?.message ?? null,
    observations: storedObservations(result),
    phases: result.phases ? { ...result.phases } : null,
    outcomes: judgement.outcomes,
    slot: slot ?? null,
  };
}

/** Stores a status change: its transition row and its timeline entry (with the notifications it raises). */
async function recordTransition(tx: DbQuery, incidentId: string, { component, location, judgement }: CheckRecord, from: ComponentStatus, to: ComponentStatus, resultId: number): Promise<TimelineEvent> {
  const reason = judgement.error ? `${judgement.error.code}: ${judgement.error.message}` : null;
  await insertTransition(tx, incidentId, { componentId: component.id, location, fromStatus: from, toStatus: to, resultId, reason });
  return appendNotified(tx, incidentId, {
    type: "transition",
    actor: "probe",
    team: null,
    text: `${component.name}: ${from} → ${to}${reason ? ` (${reason})` : ""}`,
    data: { componentId: component.id, location, from, to, resultId },
  });
}
