import "server-only";
import { readSnapshotInputs } from "../snapshot/read";
import { buildSnapshot } from "../snapshot/build";
import { getConfig, getDb } from "../runtime";
import { buildIncidentMetrics } from "./incident-metrics";
import { formatPrometheus } from "./prometheus";

/** `GET /api/metrics`: reads storage once and renders the incident as Prometheus text. */
export async function readMetricsText(now: Date = new Date()): Promise<string> {
  const config = getConfig();
  const inputs = await readSnapshotInputs(await getDb(), config, now);
  const snapshot = buildSnapshot(config, inputs, now);
  return formatPrometheus(buildIncidentMetrics(config, snapshot, inputs.latestResults, now));
}
