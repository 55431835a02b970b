// The status snapshot (`GET /api/status`) and its views. No runtime imports: client components import it.

/** A component's judged status; `unknown` is never drawn as up. */
export type ComponentStatus = "operational" | "degraded" | "down" | "unknown";

/** A success criterion's state; sign-off criteria are `met` only while signed. */
export type CriterionState = "met" | "unmet" | "unknown";

/** The incident's lifecycle, in order. */
export const INCIDENT_STATES = [
  "investigating",
  "remediating",
  "validating",
  "ready_for_handback",
  "handed_back",
  "resolved",
] as const;
export type IncidentState = (typeof INCIDENT_STATES)[number];

/** A stable error as probes and the API report it. */
export interface ErrorInfo {
  code: string;
  message: string;
}

/**
 * A streak that has not moved the status yet: `count` consecutive failing ("fail") results of the
 * failureThreshold (`of`) that make a component down, or passing ("pass") results of the successThreshold
 * that a down or never-confirmed component needs. Absent or null: no streak under way.
 */
export interface ConfirmingView {
  verdict: "fail" | "pass";
  count: number;
  of: number;
}

/** One component in the status snapshot. */
export interface ComponentView {
  id: string;
  name: string;
  group: string;
  type: string;
  dependsOn: string[];
  status: ComponentStatus;
  checkedAt: string | null;
  latencyMs: number | null;
  error: ErrorInfo | null;
  stale: boolean;
  /** The streak under way (lib/engine/status-machine.ts confirmingOf); null when stale or none. */
  confirming?: ConfirmingView | null;
  /**
   * One entry per location with a result (servers report "default", workers their `--location`), sorted
   * by name; present once the component has any result. The fields above combine these (lib/locations.ts).
   */
  locations?: ComponentLocationView[];
  /**
   * The down upstreams (through dependsOn, transitively) that explain this component not being up: the
   * nearest ones whose own upstreams hold nothing down (lib/snapshot/root-cause.ts). [] when none.
   */
  rootCause: string[];
}

/** A component as seen from one location; `status` is already "unknown" when the result is stale. */
export interface ComponentLocationView {
  location: string;
  status: ComponentStatus;
  checkedAt: string;
  latencyMs: number | null;
  error: ErrorInfo | null;
  stale: boolean;
  /** The streak under way at this location; null when stale or none. */
  confirming?: ConfirmingView | null;
}

/** One success criterion in the status snapshot, with the evidence that decided it. */
export interface CriterionView {
  id: string;
  title: string;
  owner: string;
  kind: "components" | "suite" | "signoff";
  state: CriterionState;
  evidence: Record<string, unknown> | null;
}

/** A criterion the gate still waits for (lib/incident/gate.ts); also the 409 of a refused resolve. */
export interface UnmetCriterionView {
  id: string;
  title: string;
  owner: string;
  state: CriterionState;
}

/** The watch after the handback: infra criteria are still evaluated until `until`; one turning unmet reopens the incident. */
export interface WatchView {
  /** When the incident was handed back. */
  since: string;
  until: string;
  /** `until` has passed with no regression: the watch is clean and over. */
  ended: boolean;
}

/** The one gate (lib/incident/gate.ts): the handback summary, the badge and `resolved` all read it. */
export interface GateView {
  /** Every infra criterion is met (what moves the incident into ready_for_handback). */
  readyForHandback: boolean;
  /** Handed back, every criterion met and the watch over without a regression. */
  readyToResolve: boolean;
  /** Infra criteria not met, in config order. */
  infraUnmet: UnmetCriterionView[];
  /** Every criterion not met (infra included), in config order. */
  unmet: UnmetCriterionView[];
  /** Set while the incident is handed back. */
  watch: WatchView | null;
}

/** One phase with its estimate range in milliseconds, its actual times and whether it overran. */
export interface PhaseView {
  id: string;
  name: string;
  owner: string;
  estimateMinMs: number;
  estimateMaxMs: number;
  exitCriteria: string[];
  state: "done" | "active" | "pending";
  startedAt: string | null;
  endedAt: string | null;
  /** How the end was decided: a person, the exit criteria, or inferred from a later phase. */
  endedBy: "completed" | "criteria" | "inferred" | null;
  elapsedMs: number | null;
  overrun: boolean;
}

/** What is left of one unfinished phase's estimate: the active one net of its elapsed time, pending ones in full. */
export interface EtaBasisView {
  phaseId: string;
  name: string;
  state: "active" | "pending";
  remainingMinMs: number;
  remainingMaxMs: number;
}

/** The ETA range (now + the remaining estimates) and the phases it was summed from. */
export interface EtaView {
  earliest: string;
  latest: string;
  basis: EtaBasisView[];
}

/** A move the incident can make by hand from its current state (lib/incident/moves.ts, from the incident machine). */
export interface IncidentMoveView {
  to: IncidentState;
  /** The teams allowed to make it. */
  roles: string[];
  /** The move is refused without a reason (a reason is accepted, and stored, on every move). */
  needsReason: boolean;
}

/** The owning team's status-update cadence. */
export interface CadenceView {
  everyMs: number | null;
  owner: string;
  lastUpdateAt: string | null;
  lastUpdateBy: string | null;
  dueAt: string | null;
  overdue: boolean;
}

/** The latest run of one test suite, or null when none was reported. */
export interface SuiteView {
  id: string;
  name: string;
  critical: boolean;
  latest: { tests: number; passed: number; failed: number; skipped: number; passRate: number | null; receivedAt: string } | null;
  /** The suite's declared number of tests (config `expected`); null when not declared. */
  expected: number | null;
  /** Passed in the suite's first run with stored cases: the "12" of "12 of 28 → 28 of 28". */
  firstPassed: number | null;
  /** Case keys (classname::name) of the latest run against the first run, and flaky over the last 5 (lib/junit/evidence.ts). */
  cases: { fixed: string[]; stillFailing: string[]; newlyFailing: string[]; flaky: string[] } | null;
}

/** Passed of expected across suites (expected: declared counts, else the tests reported), now and at the first runs. */
export interface TestsTotal {
  passed: number;
  expected: number;
  firstPassed: number;
}

/** Impact on one ARR segment or business function. */
export type ImpactState = "online" | "partial" | "offline" | "unknown";

export interface SegmentView {
  id: string;
  name: string;
  arr: number;
  exposure: number;
  state: ImpactState;
}

export interface FunctionView {
  id: string;
  name: string;
  state: ImpactState;
}

/** The ARR one root cause keeps at risk (lib/snapshot/impact.ts). */
export interface RootCauseImpact {
  componentId: string;
  /** The at-risk ARR of every offline segment this cause is beneath, in full even when it shares them. */
  arrAtRisk: number;
  /** The part of it this cause alone explains: what recovering it alone would bring back. */
  arrAtRiskAlone: number;
}

/** The probe engine's view of storage: degraded while results wait in memory for the database. */
export interface StorageState {
  degraded: boolean;
  /** Results waiting to be written. */
  buffered: number;
  /** Results lost because the buffer was full (oldest first), since the process started. */
  dropped: number;
  /** When the current outage began (ISO 8601); null when not degraded. */
  since: string | null;
}

/** `GET /api/status`: one snapshot of the whole incident. */
export interface StatusSnapshot {
  generatedAt: string;
  incident: {
    id: string;
    title: string;
    severity: string;
    state: IncidentState;
    startedAt: string;
    summary: string | null;
    updateEveryMs: number | null;
    /** Since startedAt, until the handback (then frozen at the handback time). */
    outageMs: number;
    criteriaMet: { met: number; total: number };
    eta: EtaView | null;
    cadence: CadenceView;
    /** The manual moves from `state` and who may make each (the page shows a role its own). */
    moves: IncidentMoveView[];
  };
  gate: GateView;
  components: ComponentView[];
  criteria: CriterionView[];
  phases: PhaseView[];
  tests: { suites: SuiteView[]; total: TestsTotal };
  impact: {
    currency: string;
    /** The ARR of every configured segment, as the documents quote it. */
    arrTotal: number;
    /** Σ ARR × exposure: what a full outage of every segment puts at risk. */
    arrExposed: number;
    /** The exposure-weighted ARR at risk now: offline segments in full, partial ones by half. */
    arrAtRisk: number;
    arrUnknown: number;
    segments: SegmentView[];
    functions: FunctionView[];
    /** ARR at risk per root cause, largest first; a segment down for several causes counts under each. */
    byRootCause: RootCauseImpact[];
  };
  /** Set by the probe engine of the answering process; absent when no engine runs there. */
  storage?: StorageState;
}
