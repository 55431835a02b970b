import "server-only";
import type { Principal } from "../auth";
import type { IncidentConfig } from "../config";
import { appendTimeline, getCriterionStates, getIncidentState, insertTestCases, insertTestRun, recordSignoff, type Db, type DbQuery, type TestRunRow, type TimelineEvent } from "../db";
import { StorageError } from "../db/errors";
import { AppError } from "../errors";
import type { EventBus } from "../events/bus";
import type { JUnitReport } from "../junit/parse";
import { toTestRunFields } from "../junit/run";
import { appendNotified } from "../notify/enqueue";
import type { IncidentState } from "../types";
import { viewCriterion } from "../snapshot/build";
import { freezeRecord } from "../handback/freeze";
import { judgeGate, resolveRefusal } from "./gate";
import { checkMove, conflictOf } from "./incident-machine";
import { recordIncidentMove } from "./reconcile";

// What people do to the incident, each stored with its timeline entry in one transaction, then published.

function publishEntry(bus: EventBus, entry: TimelineEvent): void {
  bus.publish({ type: "timeline", id: entry.id, data: entry });
}

/** A status update or note from a team; an update raises `update_posted` in the same transaction. */
export async function postTimelineEntry(db: Db, bus: EventBus, incidentId: string, actor: Principal, type: "update" | "note", text: string): Promise<TimelineEvent> {
  const entry = await db.transaction((tx) => appendNotified(tx, incidentId, { type, text, actor: actor.name, team: actor.role }));
  publishEntry(bus, entry);
  return entry;
}

/** What a signer may add to a sign-off: a note on what was checked and a link to the proof (validated by the route). */
export interface SignoffDetails {
  note?: string;
  link?: string;
}

/** Signs or revokes a sign-off criterion as its owner team; the note and link are stored with it and shown in the timeline. */
export async function signCriterion(db: Db, bus: EventBus, config: IncidentConfig, criterionId: string, actor: Principal, action: "sign" | "revoke", details: SignoffDetails = {}) {
  const criterion = config.criteria.find((candidate) => candidate.id === criterionId)!;
  if (criterion.kind !== "signoff") throw new AppError("CONFLICT", `criterion "${criterionId}" is decided by ${criterion.kind === "suite" ? "test runs" : "probe results"}, not signed`);
  const note = details.note?.trim() || null;
  const link = details.link?.trim() || null;
  const entry = await db.transaction(async (tx) => {
    await recordSignoff(tx, config.incident.id, { criterionId, team: actor.role, actor: actor.name, action, note, link });
    const verb = action === "sign" ? "signed" : "revoked the sign-off of";
    const text = `${actor.name} ${verb} "${criterion.title}"${note ? `: ${note}` : ""}`;
    return appendTimeline(tx, config.incident.id, { type: "signoff", actor: actor.name, team: actor.role, text, data: { criterionId, action, note, link } });
  });
  publishEntry(bus, entry);
}

/**
 * Moves the incident by hand; 409 names the allowed moves, 403 the role needed, 400 a missing reason.
 * `onlyFrom` narrows where the move makes sense (a handback can only be rejected once it was offered).
 */
export async function moveIncident(db: Db, bus: EventBus, config: IncidentConfig, actor: Principal, to: IncidentState, reason?: string, onlyFrom?: IncidentState[]) {
  return applyMove(db, bus, config, actor, to, { reason, onlyFrom });
}

/** The dev team rejects the handback (offered or confirmed) with a reason, naming the criteria it disputes. */
export async function rejectHandback(db: Db, bus: EventBus, config: IncidentConfig, actor: Principal, reason: string, disputed: string[]) {
  const unknown = disputed.filter((id) => !config.criteria.some((criterion) => criterion.id === id));
  if (unknown.length > 0) throw new AppError("BAD_REQUEST", `criteria: no criterion with id ${unknown.map((id) => `"${id}"`).join(", ")}`, { unknown });
  const titles = disputed.map((id) => config.criteria.find((criterion) => criterion.id === id)!.title);
  return applyMove(db, bus, config, actor, "remediating", { reason, onlyFrom: ["ready_for_handback", "handed_back"], disputed: { ids: [...new Set(disputed)], titles } });
}

interface MoveOptions {
  reason?: string;
  onlyFrom?: IncidentState[];
  disputed?: { ids: string[]; titles: string[] };
}

async function applyMove(db: Db, bus: EventBus, config: IncidentConfig, actor: Principal, to: IncidentState, { reason, onlyFrom, disputed }: MoveOptions) {
  const events = await db.transaction(async (tx) => {
    const from: IncidentState = (await getIncidentState(tx, config.incident.id))?.state ?? "investigating";
    const refusal = onlyFrom && !onlyFrom.includes(from) ? conflictOf(from, to) : checkMove(from, to, actor.role, reason);
    if (refusal) throw new AppError(refusal.code, refusal.message, "allowed" in refusal ? { allowed: refusal.allowed, state: from } : undefined);
    if (to === "resolved") await checkResolve(tx, config);
    const moved = await recordIncidentMove(tx, config, { from, to, actor: actor.name, team: actor.role, reason: reason?.trim() || null, disputed });
    // Every confirm (a move to handed_back) and every reject (a move that disputes criteria) is frozen.
    const action = to === "handed_back" ? "confirm" : disputed ? "reject" : null;
    if (action) {
      const decision = { action, actor: { name: actor.name, team: actor.role }, reason: reason?.trim() || null, disputed: disputed?.ids ?? [] } as const;
      await freezeRecord(tx, config.incident.id, decision);
    }
    return moved;
  });
  for (const event of events) bus.publish(event);
  return to;
}

/** `resolved` needs the whole gate (lib/incident/gate.ts): otherwise a 409 listing the unmet criteria and the watch. */
async function checkResolve(tx: DbQuery, config: IncidentConfig): Promise<void> {
  const [row, states] = await Promise.all([getIncidentState(tx, config.incident.id), getCriterionStates(tx, config.incident.id)]);
  const criteria = config.criteria.map((criterion) => viewCriterion(criterion, states));
  const gate = judgeGate(criteria, { state: row?.state ?? "investigating", since: row?.updatedAt ?? null }, config.handback.watch, new Date());
  const refusal = resolveRefusal(gate);
  if (refusal) throw new AppError("CONFLICT", refusal, { unmet: gate.unmet, watch: gate.watch });
}

/** Stores a parsed test report for a suite with its timeline entry. */
export async function recordTestRun(db: Db, bus: EventBus, incidentId: string, suiteId: string, report: JUnitReport, actor: Principal): Promise<TestRunRow> {
  const { run, entry } = await db.transaction(async (tx) => {
    const run = await insertTestRun(tx, incidentId, { suiteId, ...toTestRunFields(report), actor: actor.name, source: report.producer ?? "junit" });
    await insertTestCases(tx, incidentId, run.id, suiteId, report.cases); // every case: the evidence behind [PASS_RATE] of expected
    const rate = run.passRate === null ? "no tests ran" : `${run.passRate}%`;
    const text = `${suiteId}: ${run.passed}/${run.tests - run.skipped} passed (${rate}), ${run.failed} failed, ${run.skipped} skipped`;
    const entry = await appendTimeline(tx, incidentId, { type: "test-run", actor: actor.name, team: actor.role, text, data: { suiteId, testRunId: run.id } });
    return { run, entry };
  });
  bus.publish({ type: "test-run", id: entry.id, data: run });
  publishEntry(bus, entry);
  return run;
}

/** Marks a phase completed by its owner team (phases with exit criteria also end by themselves). */
export async function completePhase(db: Db, bus: EventBus, config: IncidentConfig, phaseId: string, actor: Principal): Promise<void> {
  const phase = config.phases.find((candidate) => candidate.id === phaseId)!;
  const text = `Phase "${phase.name}" completed by ${actor.name}`;
  let entry: TimelineEvent;
  try {
    // Migration 007's unique index lets one "completed" entry per phase in: of concurrent calls, one wins.
    entry = await appendTimeline(db, config.incident.id, { type: "phase", actor: actor.name, team: actor.role, text, data: { phaseId, action: "completed" } });
  } catch (error) {
    if (error instanceof StorageError && error.code === "CONFLICT") throw new AppError("CONFLICT", `phase "${phaseId}" is already completed`);
    throw error;
  }
  publishEntry(bus, entry);
}
