import type { CriterionView, GateView, IncidentState, UnmetCriterionView, WatchView } from "../types";

// The one gate. The handback summary, the incident badge (through the automatic move into
// ready_for_handback), `POST /api/incident/state {"state":"resolved"}` and the watch all read this rule,
// so none of them can say something the others contradict:
//   ready for handback = every infra criterion met (at least one infra criterion exists);
//   ready to resolve   = handed back, every criterion met (dev and business included), and the watch over
//                        with no regression (a regression moves the incident out of handed_back, so a
//                        watch that is still there is clean).

/** The team whose criteria decide readiness for handback (docs/architecture.md "Statuses"). */
export const INFRA_TEAM = "infra";

/** What the gate reads of a criterion. */
export type GateCriterion = Pick<CriterionView, "id" | "title" | "owner" | "state">;

/** What the gate reads of the incident: its state and when it entered it. */
export interface GateIncident {
  state: IncidentState;
  since: string | null;
}

function unmetOf(criteria: readonly GateCriterion[]): UnmetCriterionView[] {
  return criteria.filter((criterion) => criterion.state !== "met").map(({ id, title, owner, state }) => ({ id, title, owner, state }));
}

/** Every infra criterion is met; false when there is none (nothing would prove the infrastructure works). */
export function infraCriteriaMet(criteria: readonly GateCriterion[]): boolean {
  const infra = criteria.filter((criterion) => criterion.owner === INFRA_TEAM);
  return infra.length > 0 && infra.every((criterion) => criterion.state === "met");
}

/** The watch after the handback; null unless the incident is handed back. */
export function watchOf(incident: GateIncident, watchMs: number, now: Date): WatchView | null {
  if (incident.state !== "handed_back" || !incident.since) return null;
  const until = Date.parse(incident.since) + watchMs;
  return { since: incident.since, until: new Date(until).toISOString(), ended: now.getTime() >= until };
}

/** Infra criteria that are unmet while the watch runs: each one is a regression. Empty otherwise. */
export function regressionsOf(criteria: readonly GateCriterion[], watch: WatchView | null): GateCriterion[] {
  if (!watch || watch.ended) return [];
  return criteria.filter((criterion) => criterion.owner === INFRA_TEAM && criterion.state === "unmet");
}

/** Judges the gate from the criteria, the incident's state and the configured watch length. */
export function judgeGate(criteria: readonly GateCriterion[], incident: GateIncident, watchMs: number, now: Date): GateView {
  const unmet = unmetOf(criteria);
  const watch = watchOf(incident, watchMs, now);
  return {
    readyForHandback: infraCriteriaMet(criteria),
    readyToResolve: incident.state === "handed_back" && unmet.length === 0 && watch !== null && watch.ended,
    infraUnmet: unmet.filter((criterion) => criterion.owner === INFRA_TEAM),
    unmet,
    watch,
  };
}

/** Why `resolved` is refused, as one sentence naming every unmet criterion and the watch; null when it may happen. */
export function resolveRefusal(gate: GateView): string | null {
  if (gate.readyToResolve) return null;
  const reasons: string[] = [];
  if (gate.unmet.length > 0) reasons.push(`${gate.unmet.length} criteria are not met (${gate.unmet.map((criterion) => criterion.id).join(", ")})`);
  if (!gate.watch) reasons.push("the incident is not handed back");
  else if (!gate.watch.ended) reasons.push(`the watch after the handback runs until ${gate.watch.until}`);
  return `cannot resolve: ${reasons.join("; ")}`;
}
