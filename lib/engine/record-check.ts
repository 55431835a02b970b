import "server-only";
import type { ComponentConfig } from "../config";
import { appendTimeline, insertResults, insertTransition, type Db, type TimelineEvent } from "../db";
import type { ProbeResult } from "../probes/types";
import type { ComponentStatus } from "../types";
import type { Judgement } from "./judge";

// Raw bodies can be a megabyte; the stored copy keeps enough to read an error page.
const STORED_BODY_CHARS = 2_048;

function storedObservations(result: ProbeResult): Record<string, unknown> {
  const body = result.observations.BODY;
  if (typeof body !== "string" || body.length <= STORED_BODY_CHARS) return result.observations;
  return { ...result.observations, BODY: `${body.slice(0, STORED_BODY_CHARS)}…`, BODY_TRUNCATED: true };
}

/** A judged result about to be stored, with the status it leads to. */
export interface CheckRecord {
  component: ComponentConfig;
  location: string;
  result: ProbeResult;
  judgement: Judgement;
  from: ComponentStatus;
  to: ComponentStatus;
  /** The scheduled slot when the check was claimed (several instances); a second write for it is a CONFLICT. */
  slot?: number;
}

/** Stores the result and, when the status changed, its transition and timeline entry, in one transaction. */
export async function recordCheck(db: Db, record: CheckRecord): Promise<{ resultId: number; timeline: TimelineEvent | null }> {
  const { component, result, judgement, from, to, location } = record;
  return db.transaction(async (tx) => {
    const [resultId = 0] = await insertResults(tx, [
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
    if (from === to) return { resultId, timeline: null };
    const reason = judgement.error ? `${judgement.error.code}: ${judgement.error.message}` : null;
    await insertTransition(tx, { componentId: component.id, location, fromStatus: from, toStatus: to, resultId, reason });
    const timeline = await appendTimeline(tx, {
      type: "transition",
      actor: "probe",
      team: null,
      text: `${component.name}: ${from} → ${to}${reason ? ` (${reason})` : ""}`,
      data: { componentId: component.id, location, from, to, resultId },
    });
    return { resultId, timeline };
  });
}
