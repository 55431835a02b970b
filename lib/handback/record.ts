import { createHash } from "node:crypto";
import type { CriterionStateRow, HandbackAction, HandbackRecordRow, SignoffRow, TestRunRow } from "../db";
import { canonicalJson } from "../incident/config-diff";

// The handback record, pure (docs/incidents.md "The handback record"): built from rows already read, hashed
// as canonical JSON, and checked link by link. No storage here, so the rules are testable with a table.

/** The evidence ids that decided one criterion at the moment of the decision. */
export interface FrozenEvidence {
  summary: string;
  /** Probe results read (components criteria): every result of every component's window. */
  resultIds: number[];
  /** The test run judged (suite criteria). */
  testRunId: number | null;
  /** The sign-off entry judged (sign-off criteria). */
  signoffId: number | null;
}

/** One criterion as it stood. */
export interface FrozenCriterion {
  id: string;
  state: CriterionStateRow["state"];
  changedAt: string;
  evidence: FrozenEvidence;
}

/** The hashed part of a record; `confirmedAt`/`confirmedBy` are the decision's time and person for a reject too. */
export interface HandbackRecordBody {
  incidentId: string;
  action: HandbackAction;
  confirmedAt: string;
  confirmedBy: string;
  team: string;
  reason: string | null;
  /** Criteria a reject disputes; [] for a confirm. */
  disputed: string[];
  configHash: string | null;
  criteria: FrozenCriterion[];
  testRuns: Pick<TestRunRow, "id" | "suiteId" | "receivedAt" | "tests" | "passed" | "failed" | "skipped" | "passRate">[];
  signoffs: Pick<SignoffRow, "id" | "criterionId" | "team" | "actor" | "action" | "at" | "note" | "link">[];
  previousHash: string | null;
}

/** The wire record of `GET /api/handback/record(s)`: the body plus its row id (permalink) and hash. */
export interface HandbackRecord extends HandbackRecordBody {
  id: number;
  hash: string;
}

/** Everything a record is built from, read in the deciding transaction. */
export interface RecordInputs {
  incidentId: string;
  action: HandbackAction;
  at: string;
  actor: { name: string; team: string };
  reason: string | null;
  disputed: readonly string[];
  configHash: string | null;
  criterionStates: readonly CriterionStateRow[];
  testRuns: readonly TestRunRow[];
  signoffs: readonly SignoffRow[];
  previousHash: string | null;
}

type StoredEvidence = { summary?: unknown; components?: { results?: { resultId?: unknown }[] }[]; testRunId?: unknown; signoff?: { id?: unknown } | null };

const asId = (value: unknown): number | null => (typeof value === "number" && Number.isSafeInteger(value) ? value : null);

/** The ids a stored evaluation (lib/incident/criteria.ts) names, by criterion kind. */
export function evidenceIds(evidence: unknown): FrozenEvidence {
  const stored = (evidence ?? {}) as StoredEvidence;
  const resultIds = (stored.components ?? []).flatMap((component) => (component.results ?? []).map((result) => asId(result.resultId))).filter((id): id is number => id !== null);
  return {
    summary: typeof stored.summary === "string" ? stored.summary : "",
    resultIds: [...new Set(resultIds)].sort((a, b) => a - b),
    testRunId: asId(stored.testRunId),
    signoffId: asId(stored.signoff?.id),
  };
}

/** Builds the body to hash; lists are ordered by id so the same moment always gives the same text. */
export function buildRecordBody(inputs: RecordInputs): HandbackRecordBody {
  return {
    incidentId: inputs.incidentId,
    action: inputs.action,
    confirmedAt: inputs.at,
    confirmedBy: inputs.actor.name,
    team: inputs.actor.team,
    reason: inputs.reason,
    disputed: [...inputs.disputed].sort(),
    configHash: inputs.configHash,
    criteria: [...inputs.criterionStates]
      .sort((a, b) => (a.criterionId < b.criterionId ? -1 : 1))
      .map((row) => ({ id: row.criterionId, state: row.state, changedAt: row.changedAt, evidence: evidenceIds(row.evidence) })),
    testRuns: [...inputs.testRuns]
      .sort((a, b) => a.id - b.id)
      .map(({ id, suiteId, receivedAt, tests, passed, failed, skipped, passRate }) => ({ id, suiteId, receivedAt, tests, passed, failed, skipped, passRate })),
    signoffs: [...inputs.signoffs]
      .sort((a, b) => a.id - b.id)
      .map(({ id, criterionId, team, actor, action, at, note, link }) => ({ id, criterionId, team, actor, action, at, note, link })),
    previousHash: inputs.previousHash,
  };
}

/** The text that is hashed and stored, and its sha256 (hex). */
export function sealRecord(body: HandbackRecordBody): { text: string; hash: string } {
  const text = canonicalJson(body);
  return { text, hash: createHash("sha256").update(text).digest("hex") };
}

/** Every result id the record names (retention keeps these rows). */
export function namedResultIds(body: HandbackRecordBody): number[] {
  return [...new Set(body.criteria.flatMap((criterion) => criterion.evidence.resultIds))];
}

/** A stored row as the API serves it; null when its body is not JSON (a tampered row: verify says so). */
export function recordOf(row: HandbackRecordRow): HandbackRecord | null {
  try {
    return { ...(JSON.parse(row.body) as HandbackRecordBody), id: row.id, hash: row.hash };
  } catch {
    return null;
  }
}

/** One broken link of a chain. */
export interface ChainProblem {
  recordId: number;
  code: "HASH_MISMATCH" | "CHAIN_BROKEN" | "BODY_INVALID" | "ROW_MISMATCH";
  message: string;
}

/**
 * Checks one incident's records, oldest first: each body hashes to its stored hash, names the hash of the
 * record before it (null for the first), and agrees with its row's columns. [] when the chain is intact.
 */
export function verifyChain(rows: readonly HandbackRecordRow[]): ChainProblem[] {
  const problems: ChainProblem[] = [];
  let previous: string | null = null;
  for (const row of rows) {
    const problem = (code: ChainProblem["code"], message: string) => problems.push({ recordId: row.id, code, message: `record ${row.id} (${row.incidentId}): ${message}` });
    const hash = createHash("sha256").update(row.body).digest("hex");
    if (hash !== row.hash) problem("HASH_MISMATCH", `body hashes to ${hash.slice(0, 12)}…, the row says ${row.hash.slice(0, 12)}…`);
    const body = recordOf(row);
    if (!body) problem("BODY_INVALID", "body is not JSON");
    else {
      if (body.previousHash !== previous || row.previousHash !== previous) problem("CHAIN_BROKEN", `names previous ${body.previousHash ?? "none"}, the record before is ${previous ?? "none"}`);
      if (body.incidentId !== row.incidentId || body.action !== row.action || body.confirmedBy !== row.actor || Date.parse(body.confirmedAt) !== Date.parse(row.at)) {
        problem("ROW_MISMATCH", "the row's incident, action, actor or time differs from its hashed body");
      }
    }
    previous = row.hash;
  }
  return problems;
}
