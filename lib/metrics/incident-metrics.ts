import type { IncidentConfig } from "../config";
import type { LatestResultRow } from "../db";
import { isStale } from "../snapshot/build";
import { INCIDENT_STATES, type ComponentStatus, type CriterionState, type StatusSnapshot } from "../types";
import type { MetricFamily, Sample } from "./prometheus";

// The incident as Prometheus gauges, built from the same snapshot as GET /api/status (so the two never
// disagree) plus the latest raw results for what the snapshot leaves out (phases, certificate expiry).
// Unknown is never reported as up: handback_component_up has no sample for an unknown location, and
// handback_component_status{status="unknown"} is 1 instead, so `absent()` and the one-hot both alert.

const COMPONENT_STATUSES: readonly ComponentStatus[] = ["operational", "degraded", "down", "unknown"];
const CRITERION_STATES: readonly CriterionState[] = ["met", "unmet", "unknown"];

const gauge = (name: string, help: string, samples: Sample[]): MetricFamily => ({ name, help, type: "gauge", samples });

/** One sample per state of `states`: 1 for `current`, 0 for the others. */
function oneHot<S extends string>(states: readonly S[], current: S, labels: Record<string, string>, key: string): Sample[] {
  return states.map((state) => ({ labels: { ...labels, [key]: state }, value: state === current ? 1 : 0 }));
}

/** The newest result of each component across its locations (as the snapshot picks it). */
function newestByComponent(results: readonly LatestResultRow[]): Map<string, LatestResultRow> {
  const newest = new Map<string, LatestResultRow>();
  for (const row of results) {
    const seen = newest.get(row.componentId);
    if (!seen || Date.parse(row.checkedAt) > Date.parse(seen.checkedAt)) newest.set(row.componentId, row);
  }
  return newest;
}

/** handback_component_up per component × location: 1 operational/degraded, 0 down, no sample when unknown or stale. */
function upSamples(config: IncidentConfig, results: readonly LatestResultRow[], now: Date): Sample[] {
  const byId = new Map(config.components.map((component) => [component.id, component]));
  const samples: Sample[] = [];
  for (const row of results) {
    const component = byId.get(row.componentId);
    if (!component || row.status === null || row.status === "unknown" || isStale(component, row.checkedAt, now)) continue;
    samples.push({ labels: { component: row.componentId, group: component.group, location: row.location }, value: row.status === "down" ? 0 : 1 });
  }
  return samples;
}

const finite = (value: unknown): value is number => typeof value === "number" && Number.isFinite(value);

function probeFamilies(config: IncidentConfig, snapshot: StatusSnapshot, results: readonly LatestResultRow[]): MetricFamily[] {
  const newest = newestByComponent(results);
  const checked = config.components.flatMap((component) => {
    const row = newest.get(component.id);
    return row ? [{ id: component.id, row, view: snapshot.components.find((view) => view.id === component.id) }] : [];
  });
  return [
    gauge("handback_probe_latency_seconds", "Latency of the latest probe result, in seconds.",
      checked.filter(({ row }) => finite(row.latencyMs)).map(({ id, row }) => ({ labels: { component: id }, value: row.latencyMs! / 1000 }))),
    gauge("handback_probe_phase_seconds", "Duration of each phase (dns, connect, tls, firstByte, total) of the latest probe result, in seconds.",
      checked.flatMap(({ id, row }) => Object.entries(row.phases ?? {}).filter(([, ms]) => finite(ms))
        .map(([phase, ms]) => ({ labels: { component: id, phase }, value: ms / 1000 })))),
    gauge("handback_probe_stale", "1 when the latest result is older than 2 x interval + timeout (the status is then unknown).",
      checked.map(({ id, view }) => ({ labels: { component: id }, value: view?.stale ? 1 : 0 }))),
    gauge("handback_certificate_expiry_seconds", "Seconds from the latest TLS check until the certificate's notAfter (negative once expired).",
      checked.filter(({ row }) => finite(row.certificateExpiration))
        .map(({ id, row }) => ({ labels: { component: id }, value: row.certificateExpiration! / 1000 }))),
  ];
}

/** Every metric family of GET /api/metrics, HELP/TYPE included even when a family has no sample yet. */
export function buildIncidentMetrics(config: IncidentConfig, snapshot: StatusSnapshot, results: readonly LatestResultRow[], now: Date): MetricFamily[] {
  const currency = { currency: snapshot.impact.currency };
  return [
    gauge("handback_component_up", "1 when the component is operational or degraded, 0 when down; no sample while unknown (never checked or stale).",
      upSamples(config, results, now)),
    gauge("handback_component_status", "The component's status, one-hot: 1 for the current status, 0 for the others.",
      snapshot.components.flatMap((view) => oneHot(COMPONENT_STATUSES, view.status, { component: view.id }, "status"))),
    ...probeFamilies(config, snapshot, results),
    gauge("handback_criterion_met", "1 when the success criterion is met, 0 when unmet or unknown.",
      snapshot.criteria.map((view) => ({ labels: { criterion: view.id, owner: view.owner }, value: view.state === "met" ? 1 : 0 }))),
    gauge("handback_criterion_state", "The success criterion's state, one-hot.",
      snapshot.criteria.flatMap((view) => oneHot(CRITERION_STATES, view.state, { criterion: view.id }, "state"))),
    gauge("handback_arr_at_risk", "Annual recurring revenue at risk now (offline segments in full, partial ones at half).", [{ labels: currency, value: snapshot.impact.arrAtRisk }]),
    gauge("handback_arr_unknown", "Annual recurring revenue whose exposure is unknown because a dependency is unknown.", [{ labels: currency, value: snapshot.impact.arrUnknown }]),
    gauge("handback_incident_state", "The incident's lifecycle state, one-hot.", oneHot(INCIDENT_STATES, snapshot.incident.state, {}, "state")),
    gauge("handback_outage_seconds", "Seconds since the incident started, frozen at the handback.", [{ value: snapshot.incident.outageMs / 1000 }]),
  ];
}
