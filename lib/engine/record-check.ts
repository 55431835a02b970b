import "server-only";
import type { ComponentConfig } from "../config";
import { insertResults, insertTransition, lockComponentState, saveComponentState, type Db, type TimelineEvent } from "../db";
import type { Observations, ProbeResult } from "../probes/types";
import { appendNotified } from "../notify/enqueue";
import type { Judgement } from "./judge";
import { applyVerdict, type ComponentState } from "./status-machine";

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

/**
 * Applies the verdict to the stored state of (component, location), read under a row lock, so thresholds
 * count consecutive results across every instance that probes in turn; then stores the result, the new
 * state and, when the status changed, its transition and timeline entry, all in one transaction.
 */
export async function recordCheck(db: Db, incidentId: string, record: CheckRecord): Promise<StoredCheck> {
  const { component, result, judgement, location } = record;
  return db.transaction(async (tx) => {
    const prior = (await lockComponentState(tx, incidentId, component.id, location)) ?? record.prior;
    const state = applyVerdict(prior, judgement.verdict, component);
    const [from, to] = [prior.status, state.status];
    await saveComponentState(tx, incidentId, { componentId: component.id, location, ...state });
    const [resultId = 0] = await insertResults(tx, incidentId, [
      {
        componentId: component.id,
        location,
        checkedAt: result.checkedAt,
        ok: judgement.verdict === "pass" || judgement.verdict === "degraded",
        status: to,
        latencyMs: result.latencyMs,
        errorCode: judgement.error?.code ?? null,
        errorMessage: judgement.error?.message ?? null,
        observations: storedObservations(result),
        phases: result.phases ? { ...result.phases } : null,
        outcomes: judgement.outcomes,
        slot: record.slot ?? null,
      },
    ]);
    if (from === to) return { resultId, state, timeline: null };
    const reason = judgement.error ? `${judgement.error.code}: ${judgement.error.message}` : null;
    await insertTransition(tx, incidentId, { componentId: component.id, location, fromStatus: from, toStatus: to, resultId, reason });
    const timeline = await appendNotified(tx, incidentId, {
      type: "transition",
      actor: "probe",
      team: null,
      text: `${component.name}: ${from} → ${to}${reason ? ` (${reason})` : ""}`,
      data: { componentId: component.id, location, from, to, resultId },
    });
    return { resultId, state, timeline };
  });
}
