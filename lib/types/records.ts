// The read routes' views: timeline entries, test runs, impact history, results, transitions, history buckets. No runtime imports.
import type { ComponentStatus } from "./snapshot";

/** One entry of the incident timeline; `id` is the SSE event id. */
export interface TimelineEntry {
  id: number;
  at: string;
  type: string;
  team: string | null;
  actor: string | null;
  text: string;
  data: Record<string, unknown> | null;
}

/** One failing test case of a run. */
export interface TestFailureView {
  name: string;
  classname?: string;
  message?: string;
}

/** One stored test run as `GET /api/test-runs?suite=ID` returns it (newest first). */
export interface TestRunView {
  id: number;
  suiteId: string;
  receivedAt: string;
  tests: number;
  passed: number;
  failed: number;
  skipped: number;
  passRate: number | null;
  actor: string | null;
  failures: TestFailureView[];
}

/** ARR at risk at one change point, replayed from component transitions. */
export interface ImpactPoint {
  at: string;
  arrAtRisk: number;
  arrUnknown: number;
  functionsOffline: number;
}

/** `GET /api/impact/history`: ARR at risk over time since the incident started, oldest first. */
export interface ImpactHistory {
  currency: string;
  points: ImpactPoint[];
}

/** One stored probe result (`GET /api/components/{id}/results`), newest first. */
export interface ProbeResultView {
  id: number;
  componentId: string;
  location: string;
  checkedAt: string;
  ok: boolean;
  status: ComponentStatus | null;
  latencyMs: number | null;
  errorCode: string | null;
  errorMessage: string | null;
  /** Phase timings in ms (http: dns, connect, tls, firstByte, total). */
  phases: Record<string, number> | null;
  /** How each condition judged this result (the failed one is the evidence). */
  outcomes: unknown[] | null;
}

/** One component status change (`GET /api/components/{id}/transitions`), newest first. */
export interface TransitionView {
  id: number;
  componentId: string;
  location: string;
  fromStatus: ComponentStatus | null;
  toStatus: ComponentStatus;
  at: string;
  reason: string | null;
}

/** One bucket of `GET /api/components/{id}/history`: the checks of one location in one minute or hour. */
export interface HistoryBucketView {
  location: string;
  bucketStart: string;
  count: number;
  okCount: number;
  latencyMinMs: number | null;
  latencyAvgMs: number | null;
  latencyMaxMs: number | null;
}

/** `GET /api/components/{id}/history`: buckets oldest first, raw results and rollups combined. */
export interface ComponentHistoryView {
  component: string;
  bucket: "minute" | "hour";
  since: string;
  buckets: HistoryBucketView[];
}
