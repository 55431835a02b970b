import "server-only";
import type { IncidentConfig } from "../config";
import { appendTimeline, getCriterionStates, getIncidentState, lockWorkflow, setIncidentState, upsertCriterionState, type Db, type TimelineEvent } from "../db";
import type { BusEvent, EventBus } from "../events/bus";
import type { IncidentState } from "../types";
import { evaluateAllCriteria } from "./evaluate-criteria";
import { autoMove } from "./incident-machine";

// After any new evidence (a result, a test run, a sign-off) the criteria are evaluated again; state
// changes are stored with their timeline entries in one transaction, then published; then the
// incident moves into or out of ready_for_handback on the infra team's criteria.

/** The team whose criteria decide readiness for handback (docs/architecture.md "Statuses"). */
export const INFRA_TEAM = "infra";

/** Evaluates every criterion and applies the automatic incident move; returns the published events. */
export async function reconcile(db: Db, config: IncidentConfig, bus: EventBus, now = new Date()): Promise<BusEvent[]> {
  const evaluations = await evaluateAllCriteria(db, config, now);
  const events = await db.transaction(async (tx) => {
    await lockWorkflow(tx);
    const out: BusEvent[] = [];
    const stored = new Map((await getCriterionStates(tx)).map((row) => [row.criterionId, row]));
    for (const criterion of config.criteria) {
      const evaluation = evaluations.get(criterion.id)!;
      const before = stored.get(criterion.id)?.state ?? "unknown";
      const row = await upsertCriterionState(tx, { criterionId: criterion.id, state: evaluation.state, evidence: evaluation.evidence });
      stored.set(criterion.id, row);
      if (before === evaluation.state) continue;
      const entry = await appendTimeline(tx, {
        type: "criterion",
        actor: "handback",
        team: criterion.owner,
        text: `Criterion "${criterion.title}": ${before} → ${evaluation.state} (${evaluation.evidence.summary})`,
        data: { criterionId: criterion.id, from: before, to: evaluation.state },
      });
      out.push({ type: "criterion", id: entry.id, data: { id: criterion.id, state: evaluation.state, evidence: evaluation.evidence } }, timelineEvent(entry));
    }
    const infra = config.criteria.filter((criterion) => criterion.owner === INFRA_TEAM);
    const infraMet = infra.length > 0 && infra.every((criterion) => stored.get(criterion.id)?.state === "met");
    out.push(...(await applyAutoMove(tx, config, infraMet)));
    return out;
  });
  for (const event of events) bus.publish(event);
  return events;
}

function timelineEvent(entry: TimelineEvent): BusEvent {
  return { type: "timeline", id: entry.id, data: entry };
}

async function applyAutoMove(tx: Parameters<Parameters<Db["transaction"]>[0]>[0], config: IncidentConfig, infraMet: boolean): Promise<BusEvent[]> {
  const current: IncidentState = (await getIncidentState(tx, config.incident.id))?.state ?? "investigating";
  const to = autoMove(current, infraMet);
  if (!to) return [];
  const reason = infraMet ? "every infrastructure criterion is met" : "an infrastructure criterion is no longer met";
  return recordIncidentMove(tx, config, { from: current, to, actor: "handback", team: null, reason });
}

/** Stores an incident move with its timeline entry (inside the caller's transaction) and returns its events. */
export async function recordIncidentMove(
  tx: Parameters<Parameters<Db["transaction"]>[0]>[0],
  config: IncidentConfig,
  move: { from: IncidentState; to: IncidentState; actor: string; team: string | null; reason: string | null },
): Promise<BusEvent[]> {
  await setIncidentState(tx, { incidentId: config.incident.id, state: move.to, actor: move.actor, reason: move.reason });
  const entry = await appendTimeline(tx, {
    type: "state",
    actor: move.actor,
    team: move.team,
    text: `Incident ${move.from} → ${move.to}${move.reason ? `: ${move.reason}` : ""}`,
    data: { from: move.from, to: move.to, reason: move.reason },
  });
  return [{ type: "incident", id: entry.id, data: { state: move.to, from: move.from, actor: move.actor } }, timelineEvent(entry)];
}
