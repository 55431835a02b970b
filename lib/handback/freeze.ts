import "server-only";
import {
  currentSignoffs, getCriterionStates, getIncidentState, insertHandbackRecord, lastRecordHash, latestConfigVersion, latestTestRuns, lockWorkflow,
  type DbQuery, type HandbackAction, type HandbackRecordRow,
} from "../db";
import { buildRecordBody, namedResultIds, sealRecord } from "./record";

/** The decision being frozen: who, which way, and for a reject the reason and disputed criteria. */
export interface Decision {
  action: HandbackAction;
  actor: { name: string; team: string };
  reason: string | null;
  disputed: readonly string[];
}

/**
 * Freezes the record of a confirm or reject inside the transaction that moved the incident: the stored
 * criterion states with their evidence ids, the latest run of each suite, the current sign-offs, the newest
 * config hash, chained to the incident's previous record. The workflow lock keeps the chain linear when
 * two decisions race (the unique chain index would refuse the second anyway).
 */
export async function freezeRecord(tx: DbQuery, incidentId: string, decision: Decision): Promise<HandbackRecordRow> {
  await lockWorkflow(tx);
  // One after another: a transaction is one connection, and pg refuses overlapping queries on it.
  const state = await getIncidentState(tx, incidentId);
  const criterionStates = await getCriterionStates(tx, incidentId);
  const testRuns = await latestTestRuns(tx, incidentId);
  const signoffs = await currentSignoffs(tx, incidentId);
  const config = await latestConfigVersion(tx, incidentId);
  const previousHash = await lastRecordHash(tx, incidentId);
  const at = state?.updatedAt ?? new Date().toISOString();
  const body = buildRecordBody({ incidentId, ...decision, at, configHash: config?.hash ?? null, criterionStates, testRuns, signoffs, previousHash });
  const { text, hash } = sealRecord(body);
  return insertHandbackRecord(tx, incidentId, { action: decision.action, at, actor: decision.actor.name, body: text, hash, previousHash, resultIds: namedResultIds(body) });
}
