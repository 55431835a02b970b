import "server-only";
import { readSnapshotInputs } from "../snapshot/read";
import { buildSnapshot } from "../snapshot/build";
import { getConfig, getDb } from "../runtime";
import { buildIncidentMetrics } from "./incident-metrics";
import { processMemoryFamily } from "./process-metrics";
import { formatPrometheus, type MetricFamily } from "./prometheus";
import { countDeliveries } from "../db";

/** `GET /api/metrics`: reads storage once and renders the incident as Prometheus text. */
export async function readMetricsText(now: Date = new Date()): Promise<string> {
  const config = getConfig();
  const inputs = await readSnapshotInputs(await getDb(), config, now);
  const snapshot = buildSnapshot(config, inputs, now);
  const db = await getDb();
  const counts = await countDeliveries(db, config.incident.id);
  const memory = processMemoryFamily(process.memoryUsage(), db.engineMemoryBytes());
  return formatPrometheus([...buildIncidentMetrics(config, snapshot, inputs.latestResults, now), notificationFamily(counts), memory]);
}

/** Notification deliveries per state (docs/notifications.md): pending includes those waiting for a retry. */
function notificationFamily(counts: Record<string, number>): MetricFamily {
  return {
    name: "handback_notifications",
    help: "Notification deliveries of this incident by state: pending, sent, failed.",
    type: "gauge",
    samples: Object.entries(counts).map(([state, value]) => ({ labels: { state }, value })),
  };
}
