import type { CadenceView, IncidentState } from "../types";

// The owning team posts a status update every `incident.updateEvery`; past that it is overdue.

export type { CadenceView };

const FINISHED: IncidentState[] = ["handed_back", "resolved"];

/** Computes when the next update is due; counting starts at the incident's start until a first update. */
export function computeCadence(input: {
  everyMs: number | null;
  owner: string;
  lastUpdate: { at: string; actor: string | null } | null;
  incidentStartedAt: string;
  state: IncidentState;
  now: Date;
}): CadenceView {
  const { everyMs, owner, lastUpdate } = input;
  const base = { everyMs, owner, lastUpdateAt: lastUpdate?.at ?? null, lastUpdateBy: lastUpdate?.actor ?? null };
  if (everyMs === null || FINISHED.includes(input.state)) return { ...base, dueAt: null, overdue: false };
  const from = Date.parse(lastUpdate?.at ?? input.incidentStartedAt);
  const dueAt = new Date(from + everyMs);
  return { ...base, dueAt: dueAt.toISOString(), overdue: input.now.getTime() > dueAt.getTime() };
}
