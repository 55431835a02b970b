import "server-only";
import type { IncidentConfig } from "../config";
import { getCriterionStates, getIncidentState, lockWorkflow, setIncidentState, upsertCriterionState, type CriterionStateRow, type Db, type TimelineEvent } from "../db";
import { CRITERIA_EVALUATED, type BusEvent, type CriteriaEvaluatedData, type EventBus } from "../events/bus";
import { appendNotified } from "../notify/enqueue";
import type { IncidentState } from "../types";
import type { CriterionEvaluation } from "./criteria";
import { evaluateAllCriteria } from "./evaluate-criteria";
import { infraCriteriaMet, regressionsOf, watchOf, type GateCriterion } from "./gate";
import { autoMove } from "./incident-machine";

// After any new evidence (a result, a test run, a sign-off) the criteria are evaluated again; state
// changes are stored with their timeline entries in one transaction, then published; then the
// incident moves into or out of ready_for_handback on the infra team's criteria, or, during the watch
// after the handback, back to remediating on a regression. The workflow lock and the state read inside
// the transaction make every instance but the first see the move already made.

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

/** Evaluates every criterion and applies the automatic incident move; returns the published events. */
export async function reconcile(db: Db, config: IncidentConfig, bus: EventBus, now = new Date()): Promise<BusEvent[]> {
  const evaluations = await evaluateAllCriteria(db, config, now);
  let criterionStates: CriterionStateRow[] = [];
  const events = await db.transaction(async (tx) => {
    await lockWorkflow(tx);
    const out: BusEvent[] = [];
    const stored = new Map((await getCriterionStates(tx, config.incident.id)).map((row) => [row.criterionId, row]));
    for (const criterion of config.criteria) {
      const evaluation = evaluations.get(criterion.id)!;
      const before = stored.get(criterion.id)?.state ?? "unknown";
      const row = await upsertCriterionState(tx, config.incident.id, { criterionId: criterion.id, state: evaluation.state, evidence: evaluation.evidence });
      stored.set(criterion.id, row);
      if (before === evaluation.state) continue;
      const entry = await appendNotified(tx, config.incident.id, {
        type: "criterion",
        actor: "handback",
        team: criterion.owner,
        text: `Criterion "${criterion.title}": ${before} → ${evaluation.state} (${evaluation.evidence.summary})`,
        data: { criterionId: criterion.id, from: before, to: evaluation.state },
      });
      out.push({ type: "criterion", id: entry.id, data: { id: criterion.id, state: evaluation.state, evidence: evaluation.evidence } }, timelineEvent(entry));
    }
    criterionStates = [...stored.values()];
    const criteria: GateCriterion[] = config.criteria.map(({ id, title, owner }) => ({ id, title, owner, state: stored.get(id)?.state ?? "unknown" }));
    out.push(...(await applyAutoMove(tx, config, criteria, evaluations, now)));
    return out;
  });
  for (const event of events) bus.publish(event);
  bus.publish({ type: CRITERIA_EVALUATED, id: 0, data: { criterionStates } satisfies CriteriaEvaluatedData });
  return events;
}

function timelineEvent(entry: TimelineEvent): BusEvent {
  return { type: "timeline", id: entry.id, data: entry };
}

async function applyAutoMove(
  tx: Tx,
  config: IncidentConfig,
  criteria: GateCriterion[],
  evaluations: Map<string, CriterionEvaluation>,
  now: Date,
): Promise<BusEvent[]> {
  const row = await getIncidentState(tx, config.incident.id);
  const current: IncidentState = row?.state ?? "investigating";
  const regressions = regressionsOf(criteria, watchOf({ state: current, since: row?.updatedAt ?? null }, config.handback.watch, now));
  if (regressions.length > 0) return recordRegression(tx, config, regressions, evaluations);
  const infraMet = infraCriteriaMet(criteria);
  const to = autoMove(current, infraMet);
  if (!to) return [];
  const reason = infraMet ? "every infrastructure criterion is met" : "an infrastructure criterion is no longer met";
  return recordIncidentMove(tx, config, { from: current, to, actor: "handback", team: null, reason });
}

/**
 * A regression during the watch: a `regression` timeline entry naming each criterion and its evidence
 * (the hook notifications read, issue #14), then handed_back → remediating, in the caller's transaction.
 */
async function recordRegression(tx: Tx, config: IncidentConfig, regressions: GateCriterion[], evaluations: Map<string, CriterionEvaluation>): Promise<BusEvent[]> {
  const found = regressions.map((criterion) => ({ criterionId: criterion.id, title: criterion.title, evidence: evaluations.get(criterion.id)?.evidence.summary ?? null }));
  const named = found.map((entry) => `"${entry.title}"${entry.evidence ? ` (${entry.evidence})` : ""}`).join("; ");
  const entry = await appendNotified(tx, config.incident.id, {
    type: "regression",
    actor: "handback",
    team: null,
    text: `Regression during the watch after the handback: ${named} no longer met`,
    data: { criteria: found },
  });
  const reason = `regression: ${found.map((item) => item.criterionId).join(", ")} no longer met during the watch`;
  return [timelineEvent(entry), ...(await recordIncidentMove(tx, config, { from: "handed_back", to: "remediating", actor: "handback", team: null, reason }))];
}

/** Stores an incident move with its timeline entry (inside the caller's transaction) and returns its events. */
export async function recordIncidentMove(
  tx: Tx,
  config: IncidentConfig,
  move: { from: IncidentState; to: IncidentState; actor: string; team: string | null; reason: string | null; disputed?: { ids: string[]; titles: string[] } },
): Promise<BusEvent[]> {
  await setIncidentState(tx, { incidentId: config.incident.id, state: move.to, actor: move.actor, reason: move.reason });
  // A rejection names the criteria it disputes: in the text for readers, as ids in the data for clients.
  const disputes = move.disputed?.ids.length ? ` (disputes: ${move.disputed.titles.map((title) => `"${title}"`).join(", ")})` : "";
  const entry = await appendNotified(tx, config.incident.id, {
    type: "state",
    actor: move.actor,
    team: move.team,
    text: `Incident ${move.from} → ${move.to}${move.reason ? `: ${move.reason}` : ""}${disputes}`,
    data: { from: move.from, to: move.to, reason: move.reason, ...(disputes ? { disputed: move.disputed!.ids } : {}) },
  });
  return [{ type: "incident", id: entry.id, data: { state: move.to, from: move.from, actor: move.actor } }, timelineEvent(entry)];
}
