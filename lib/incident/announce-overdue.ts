import "server-only";
import type { IncidentConfig } from "../config";
import { getIncidentState, listTimeline, lockWorkflow, type Db, type DbQuery } from "../db";
import type { EventBus } from "../events/bus";
import { appendNotified } from "../notify/enqueue";
import { computeCadence, type CadenceView } from "./cadence";
import { INFRA_TEAM } from "./gate";

/** The team expected to post updates: the owner of the active phase, else the infra team. */
export function cadenceOwner(config: IncidentConfig, activePhaseOwner: string | null): string {
  return activePhaseOwner ?? config.teams.find((team) => team.id === INFRA_TEAM)?.id ?? config.teams[0]?.id ?? INFRA_TEAM;
}

/** Reads the owner's last update and computes the cadence (shared by the snapshot and the announcer). */
export async function readCadence(db: DbQuery, config: IncidentConfig, owner: string, now: Date): Promise<CadenceView> {
  const [last] = await listTimeline(db, config.incident.id, { types: ["update"], team: owner, limit: 1 });
  const state = (await getIncidentState(db, config.incident.id))?.state ?? "investigating";
  return computeCadence({
    everyMs: config.incident.updateEvery ?? null,
    owner,
    lastUpdate: last ? { at: last.at, actor: last.actor } : null,
    incidentStartedAt: config.incident.startedAt,
    state,
    now,
  });
}

/** Writes one timeline note when the owner's status update becomes overdue (once per missed due time). */
export async function announceOverdueUpdate(db: Db, config: IncidentConfig, bus: EventBus, cadence: CadenceView): Promise<void> {
  const team = cadence.owner;
  if (!cadence.overdue || !cadence.dueAt) return;
  const entry = await db.transaction(async (tx) => {
    // Every instance runs this check; under the lock, the first writes the note and the others see it.
    await lockWorkflow(tx);
    const notices = await listTimeline(tx, config.incident.id, { types: ["note"], team, limit: 50 });
    if (notices.some((notice) => (notice.data as { overdueSince?: string } | null)?.overdueSince === cadence.dueAt)) return null;
    return appendNotified(tx, config.incident.id, {
      type: "note",
      actor: "handback",
      team,
      text: `Status update from ${team} is overdue (due ${cadence.dueAt}, every ${Math.round((cadence.everyMs ?? 0) / 60_000)} min)`,
      data: { overdueSince: cadence.dueAt },
    });
  });
  if (entry) bus.publish({ type: "timeline", id: entry.id, data: entry });
}
